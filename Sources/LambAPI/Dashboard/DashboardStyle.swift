/// The dashboard's style sheet (`/_lamb/assets/app.css`).
enum DashboardStyle {
    static let source = ##"""
        :root {
          --bg: #f6f7f9;
          --card: #ffffff;
          --text: #1b1f24;
          --muted: #4f5863;
          --line: #d4d9e0;
          --accent: #0b57d0;
          --focus: #b3261e;
          --ok: #146c2e;
          --err: #b3261e;
          --warn: #8a5300;
          --invoking: #0b57d0;
          --idle: #6f9a80;
          --initializing: #c77700;
          --restoring: #7b3fb5;
          --shutting: #6b4f2a;
          --failed: #b3261e;
          --unknown: #c9ced6;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
          font-size: 15px;
          line-height: 1.45;
          color: var(--text);
          background: var(--bg);
        }
        * { box-sizing: border-box; }
        body { margin: 0; }
        h1, h2, h3, h4 { line-height: 1.2; }
        h2 { font-size: 1.2rem; margin: 0 0 0.6rem; }
        h3 { font-size: 1rem; margin: 1rem 0 0.4rem; }
        h4 { font-size: 0.95rem; margin: 0.8rem 0 0.3rem; }
        a { color: var(--accent); }
        .mono, pre, code, textarea { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85rem; }

        .skip { position: absolute; left: -9999px; top: 0; background: var(--card); padding: 0.5rem 1rem; z-index: 10; }
        .skip:focus { left: 0.5rem; top: 0.5rem; }

        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
        main:focus { outline: none; }

        .top {
          display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1.2rem;
          padding: 0.6rem 1rem; background: #122033; color: #fff;
        }
        .top h1 { font-size: 1.25rem; margin: 0; display: flex; align-items: center; gap: 0.4rem; }
        .top a { color: #dbe7ff; }
        .top nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; }
        .top :focus-visible { outline-color: #ffd36b; }
        #status { margin: 0; font-size: 0.9rem; display: flex; align-items: center; gap: 0.35rem; }
        .dot { width: 0.7rem; height: 0.7rem; border-radius: 50%; background: #ffd36b; display: inline-block; }
        #status[data-state="live"] .dot { background: #5fd383; }
        #status[data-state="down"] .dot { background: #ff8a80; }

        main {
          display: grid; gap: 1rem; padding: 1rem;
          grid-template-columns: repeat(auto-fit, minmax(min(100%, 560px), 1fr));
          max-width: 1800px; margin: 0 auto;
        }
        section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.9rem 1rem; min-width: 0; }
        #functions, #timeline, #concurrency, #history, #mappings { grid-column: 1 / -1; }
        #errors { grid-column: 1 / -1; margin: 0; }

        .table-wrap { overflow-x: auto; max-width: 100%; }
        .table-wrap:focus-visible { outline-offset: 0; }
        table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
        th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
        thead th { font-weight: 600; color: var(--muted); white-space: nowrap; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.nowrap { white-space: nowrap; }
        #history-body .selected { background: #e8f0fe; }
        #history-body td { white-space: nowrap; }
        .figure { margin-left: 0.5rem; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .empty, .summary { color: var(--muted); margin: 0.4rem 0; }
        figure.tuning { margin: 0.6rem 0; }
        figure.tuning img { max-width: 100%; height: auto; border: 1px solid var(--line); }
        .error { color: var(--err); }

        .spark { vertical-align: middle; }
        .spark-bar { fill: var(--invoking); }
        .spark-line { fill: none; stroke: var(--initializing); stroke-width: 1.5; }
        .spark-dot { fill: var(--initializing); }
        .axis { stroke: var(--muted); stroke-width: 1; }

        .toolbar { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; margin-bottom: 0.5rem; }
        .toolbar-label { color: var(--muted); margin-right: 0.3rem; }
        .segmented { display: flex; align-items: center; flex-wrap: wrap; gap: 0.25rem; }
        button, select, input, textarea {
          font: inherit; color: var(--text); background: var(--card);
          border: 1px solid #7a8594; border-radius: 6px; padding: 0.3rem 0.6rem;
        }
        button { cursor: pointer; min-height: 2rem; }
        button:hover { background: #eef2f7; }
        button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
        button[type="submit"] { background: var(--accent); border-color: var(--accent); color: #fff; padding: 0.4rem 1.2rem; }
        button:disabled { opacity: 0.6; cursor: not-allowed; }
        button.link { background: none; border: none; padding: 0.1rem 0; color: var(--accent); text-decoration: underline; min-height: 0; font: inherit; }

        .lanes { width: 100%; overflow: hidden; }
        .timeline { display: block; width: 100%; height: auto; }
        .tick { font-size: 10px; fill: var(--muted); }
        .grid { stroke: #e3e7ec; stroke-width: 1; }
        .lane-label { font-size: 11px; fill: var(--text); font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        .lane-label.gone { fill: var(--muted); }
        .throttle-label { fill: var(--err); }
        .seg { stroke: none; }
        .seg-initializing { fill: var(--initializing); background: var(--initializing); }
        .seg-restoring { fill: var(--restoring); background: var(--restoring); }
        .seg-invoking { fill: #5b8def; background: #5b8def; }
        .seg-idle { fill: var(--idle); background: var(--idle); }
        .seg-shuttingDown { fill: var(--shutting); background: var(--shutting); }
        .seg-failed { fill: var(--failed); background: var(--failed); }
        .seg-unknown { fill: var(--unknown); background: var(--unknown); }
        .inv { stroke: #fff; stroke-width: 0.5; }
        .inv-success { fill: #0a2a66; background: #0a2a66; }
        .inv-error { fill: #8c1d18; }
        .inv-timeout { fill: #4a0905; }
        .inv-init { fill: #8a5300; }
        .cold-mark { fill: var(--text); }
        .throttle-mark { stroke: var(--err); stroke-width: 2; fill: none; }
        .gone-mark { stroke: var(--text); stroke-width: 2; }
        .legend { list-style: none; padding: 0; margin: 0.4rem 0 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; font-size: 0.85rem; color: var(--muted); }
        .swatch { display: inline-block; width: 0.9rem; height: 0.7rem; vertical-align: middle; border-radius: 2px; }
        .mark { display: inline-block; width: 0.9rem; text-align: center; font-weight: 700; }
        .mark.cold { color: var(--text); }
        .mark.throttle { color: var(--err); }
        .mark.gone { color: var(--text); }

        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 280px), 1fr)); gap: 0.8rem; }
        .chart { margin: 0; }
        .chart svg { display: block; width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; background: #fbfcfd; }
        .chart figcaption { font-size: 0.85rem; color: var(--muted); margin-top: 0.2rem; }
        .chart figcaption strong { color: var(--text); }
        .conc-line { fill: none; stroke: var(--invoking); stroke-width: 2; }
        .limit { stroke-width: 1.5; stroke-dasharray: 5 4; }
        .limit.reserved { stroke: var(--initializing); }
        .limit.account { stroke: var(--err); }

        .filters { display: flex; flex-wrap: wrap; gap: 0.6rem 1.2rem; align-items: flex-end; margin-bottom: 0.4rem; }
        .filters label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.9rem; }
        .filters label.check { flex-direction: row; align-items: center; gap: 0.4rem; }
        .filters input[type="checkbox"] { width: 1.1rem; height: 1.1rem; }

        .badge { display: inline-block; padding: 0 0.45rem; border-radius: 999px; font-size: 0.8rem; border: 1px solid currentColor; }
        .badge-success { color: var(--ok); }
        .badge-error, .badge-timeout { color: var(--err); }
        .badge-throttled { color: var(--warn); }

        .detail { margin-top: 0.8rem; border-top: 2px solid var(--accent); padding-top: 0.4rem; }
        .detail h3:focus { outline: none; }
        .detail h3:focus-visible { outline: 3px solid var(--focus); }
        dl.report { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 0.2rem 1rem; margin: 0.3rem 0; }
        dl.report div { display: flex; gap: 0.5rem; justify-content: space-between; border-bottom: 1px dotted var(--line); }
        dl.report dt { color: var(--muted); }
        dl.report dd { margin: 0; font-variant-numeric: tabular-nums; text-align: right; overflow-wrap: anywhere; }
        pre.log, pre.payload {
          background: #101826; color: #e6edf3; padding: 0.6rem; border-radius: 6px;
          overflow: auto; max-height: 22rem; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.3rem 0;
        }

        .invoke-form { display: flex; flex-direction: column; gap: 0.5rem; }
        .invoke-form .row { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; }
        .invoke-form .row label { display: flex; flex-direction: column; gap: 0.2rem; flex: 1 1 12rem; }
        .invoke-form textarea { width: 100%; resize: vertical; }
        .invoke-form button { align-self: flex-start; }
        .invoke-status { font-weight: 600; }
        .invoke-status.ok { color: var(--ok); }
        .invoke-status.error { color: var(--err); }

        @media (max-width: 600px) {
          :root { font-size: 14px; }
          main { padding: 0.5rem; gap: 0.6rem; }
          section { padding: 0.7rem; }
          .top { padding: 0.5rem 0.7rem; }
        }
        @media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
        """##
}
