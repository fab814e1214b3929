extension DashboardScript {
    /// The functions table, the environment timeline and the concurrency chart.
    static let charts = ##"""
          // ---------------------------------------------------------------------------------------------------------------
          // Rendering
          // ---------------------------------------------------------------------------------------------------------------

          var renderQueued = false;
          function renderAll() {
            if (renderQueued) return;
            renderQueued = true;
            requestAnimationFrame(function () {
              renderQueued = false;
              renderFunctions();
              renderTimeline();
              renderConcurrency();
              renderHistory();
              renderQueueSummary();
              syncFunctionPickers();
            });
          }

          // Functions -----------------------------------------------------------------------------------------------------

          function renderFunctions() {
            var body = $("functions-body");
            var now = serverNow();
            var bucketMs = SPARK_WINDOW_MS / SPARK_BUCKETS;
            var byFunction = {};
            state.records.forEach(function (r) {
              if (now - r.startedAtMs > SPARK_WINDOW_MS) return;
              (byFunction[r.function] = byFunction[r.function] || []).push(r);
            });
            var rows = state.functions.map(function (fn) {
              var records = byFunction[fn.name] || [];
              var counts = new Array(SPARK_BUCKETS).fill(0);
              var durations = [];
              for (var i = 0; i < SPARK_BUCKETS; i++) durations.push([]);
              records.forEach(function (r) {
                var bucket = SPARK_BUCKETS - 1 - Math.floor((now - r.startedAtMs) / bucketMs);
                if (bucket < 0 || bucket >= SPARK_BUCKETS) return;
                counts[bucket] += 1;
                if (r.outcome !== "throttled") durations[bucket].push(r.durationMs);
              });
              var ran = records.filter(function (r) { return r.outcome !== "throttled"; });
              var p50 = median(ran.map(function (r) { return r.durationMs; }));
              var p50s = durations.map(median);
              var errors = records.filter(function (r) { return r.outcome !== "success"; }).length;
              var tr = el("tr", null, [
                el("th", { scope: "row" }, [fn.name]),
                el("td", { text: fn.runtime }),
                el("td", { className: "num", text: fn.memorySize + " MB" }),
                el("td", { className: "num", text: fn.timeout + " s" }),
                el("td", { className: "num", text: fn.reservedConcurrency === undefined ? "–" : String(fn.reservedConcurrency) }),
                el("td", null, [bars(counts, records.length + " invocations in the last 15 minutes" +
                  (errors ? ", " + errors + " not successful" : "")), el("span", { className: "figure", text: String(records.length) })]),
                el("td", null, [line(p50s, "median duration per 30 seconds, last 15 minutes; overall " + fmtMs(p50)),
                  el("span", { className: "figure", text: fmtMs(p50) })])
              ]);
              return tr;
            });
            clear(body);
            rows.forEach(function (row) { body.appendChild(row); });
            $("functions-empty").hidden = state.functions.length > 0;
          }

          function svg(width, height, label) {
            var node = document.createElementNS(SVG_NS, "svg");
            node.setAttribute("viewBox", "0 0 " + width + " " + height);
            node.setAttribute("width", width);
            node.setAttribute("height", height);
            node.setAttribute("role", "img");
            node.setAttribute("aria-label", label);
            node.setAttribute("focusable", "false");
            var title = document.createElementNS(SVG_NS, "title");
            title.textContent = label;
            node.appendChild(title);
            return node;
          }

          function shape(tag, attrs, text) {
            var node = document.createElementNS(SVG_NS, tag);
            Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
            if (text !== undefined) {
              var title = document.createElementNS(SVG_NS, "title");
              title.textContent = text;
              node.appendChild(title);
            }
            return node;
          }

          function bars(counts, label) {
            var width = 120, height = 24;
            var node = svg(width, height, label);
            node.setAttribute("class", "spark");
            var max = Math.max.apply(null, counts.concat([1]));
            var w = width / counts.length;
            counts.forEach(function (n, i) {
              if (!n) return;
              var h = Math.max(2, (n / max) * (height - 2));
              node.appendChild(shape("rect", { x: (i * w + 0.5).toFixed(1), y: (height - h).toFixed(1),
                width: Math.max(1, w - 1).toFixed(1), height: h.toFixed(1), class: "spark-bar" }));
            });
            node.appendChild(shape("line", { x1: 0, x2: width, y1: height - 0.5, y2: height - 0.5, class: "axis" }));
            return node;
          }

          function line(values, label) {
            var width = 120, height = 24;
            var node = svg(width, height, label);
            node.setAttribute("class", "spark");
            var present = values.filter(function (v) { return v !== null; });
            var max = Math.max.apply(null, present.concat([1]));
            var w = width / values.length;
            var path = "";
            values.forEach(function (v, i) {
              if (v === null) return;
              var x = (i + 0.5) * w, y = height - 2 - (v / max) * (height - 4);
              path += (path ? " L" : "M") + x.toFixed(1) + " " + y.toFixed(1);
              node.appendChild(shape("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 1.5, class: "spark-dot" }));
            });
            if (path) node.appendChild(shape("path", { d: path, class: "spark-line" }));
            node.appendChild(shape("line", { x1: 0, x2: width, y1: height - 0.5, y2: height - 0.5, class: "axis" }));
            return node;
          }

          // Timeline ------------------------------------------------------------------------------------------------------

          var STATE_LABELS = {
            initializing: "initializing", restoring: "restoring", invoking: "invoking", idle: "idle or frozen",
            shuttingDown: "shutting down", failed: "failed", gone: "gone", unknown: "before this page"
          };

          function renderTimeline() {
            var container = $("lanes");
            var now = viewNow();
            var from = now - state.windowMs;
            var lanes = [];
            state.envs.forEach(function (env) {
              var first = env.segments.length ? env.segments[0].start : now;
              var last = env.gone ? env.goneAt : now;
              if (last >= from && first <= now) lanes.push(env);
            });
            lanes.sort(function (a, b) {
              return a.function < b.function ? -1 : a.function > b.function ? 1 : a.segments[0].start - b.segments[0].start;
            });
            var throttles = state.records.filter(function (r) {
              return r.outcome === "throttled" && r.startedAtMs >= from && r.startedAtMs <= now;
            });

            var width = Math.max(280, container.clientWidth || 600);
            var labelWidth = width < 500 ? 96 : 190;
            var laneHeight = 20, top = 18;
            var rows = lanes.length + (throttles.length ? 1 : 0);
            var height = top + Math.max(rows, 1) * laneHeight + 4;
            var plot = width - labelWidth - 8;
            var x = function (t) { return labelWidth + Math.max(0, Math.min(plot, ((t - from) / state.windowMs) * plot)); };

            var live = lanes.filter(function (env) { return !env.gone; });
            var busy = live.filter(function (env) { return env.summary && env.summary.state === "invoking"; }).length;
            var summary = live.length + " environments: " + busy + " invoking, " + (live.length - busy) + " not invoking" +
              (throttles.length ? "; " + throttles.length + " throttled in the window" : "");
            var node = svg(width, height, "Environment timeline, last " + windowName(state.windowMs) + ". " + summary);
            node.setAttribute("class", "timeline");

            // Time axis: a tick per fifth of the window.
            for (var i = 0; i <= 5; i++) {
              var t = from + (state.windowMs * i) / 5;
              var tx = x(t);
              node.appendChild(shape("line", { x1: tx, x2: tx, y1: top - 4, y2: height, class: "grid" }));
              var label = shape("text", { x: tx, y: 11, class: "tick", "text-anchor": i === 0 ? "start" : i === 5 ? "end" : "middle" });
              label.textContent = i === 5 ? (state.paused ? "paused " + fmtTime(t) : "now") : "-" + Math.round((now - t) / 1000) + "s";
              node.appendChild(label);
            }

            var byEnv = {};
            state.records.forEach(function (r) {
              if (!r.environmentId) return;
              var end = r.startedAtMs + r.durationMs;
              if (end < from || r.startedAtMs - (r.initDurationMs || 0) > now) return;
              (byEnv[r.environmentId] = byEnv[r.environmentId] || []).push(r);
            });

            lanes.forEach(function (env, index) {
              var y = top + index * laneHeight;
              var lane = shape("g", { class: "lane", "data-env": env.id, "data-function": env.function,
                "data-state": env.gone ? "gone" : displayState(env.summary) });
              node.appendChild(lane);
              var name = shape("text", { x: 4, y: y + 14, class: "lane-label" + (env.gone ? " gone" : "") });
              name.textContent = truncate(env.function, labelWidth < 120 ? 8 : 18) + " " + shortId(env.id).slice(0, labelWidth < 120 ? 4 : 8);
              lane.appendChild(name);
              env.segments.forEach(function (segment) {
                var end = segment.end === null ? now : segment.end;
                if (end < from || segment.start > now || segment.state === "gone") return;
                var x1 = x(segment.start), x2 = x(end);
                lane.appendChild(shape("rect", {
                  x: x1.toFixed(1), y: y + 3, width: Math.max(1, x2 - x1).toFixed(1), height: laneHeight - 6,
                  class: "seg seg-" + segment.state
                }, env.function + " " + env.id + ": " + STATE_LABELS[segment.state] + " from " + fmtTime(segment.start) +
                  (segment.end === null ? " (now)" : " to " + fmtTime(end))));
              });
              // Invocations as the history measured them, exactly; a cold start's init before it.
              (byEnv[env.id] || []).forEach(function (r) {
                var start = r.startedAtMs, end = r.startedAtMs + r.durationMs;
                var init = r.initDurationMs || r.restoreDurationMs;
                if (init) {
                  var i1 = x(start - init), i2 = x(start);
                  lane.appendChild(shape("rect", { x: i1.toFixed(1), y: y + 6, width: Math.max(1, i2 - i1).toFixed(1),
                    height: laneHeight - 12, class: "inv inv-init" }, (r.restoreDurationMs ? "restore " : "init ") + fmtMs(init)));
                  lane.appendChild(shape("path", { d: "M" + i1.toFixed(1) + " " + (y + 1) + " l4 0 l-4 6 z", class: "cold-mark" },
                    "cold start (" + r.startKind + ") " + r.requestId));
                }
                var x1 = x(start), x2 = x(end);
                lane.appendChild(shape("rect", { x: x1.toFixed(1), y: y + 6, width: Math.max(1.5, x2 - x1).toFixed(1),
                  height: laneHeight - 12, class: "inv inv-" + r.outcome },
                  r.requestId + ": " + r.outcome + (r.errorType ? " (" + r.errorType + ")" : "") + ", " + fmtMs(r.durationMs)));
              });
              if (env.gone) {
                var gx = x(env.goneAt);
                lane.appendChild(shape("line", { x1: gx, x2: gx, y1: y + 2, y2: y + laneHeight - 2, class: "gone-mark" },
                  "gone at " + fmtTime(env.goneAt)));
              }
            });

            if (throttles.length) {
              var ty = top + lanes.length * laneHeight;
              var tl = shape("text", { x: 4, y: ty + 14, class: "lane-label throttle-label" });
              tl.textContent = "throttled";
              node.appendChild(tl);
              throttles.forEach(function (r) {
                var cx = x(r.startedAtMs);
                node.appendChild(shape("path", { d: "M" + (cx - 4) + " " + (ty + 5) + " l8 8 m0 -8 l-8 8", class: "throttle-mark" },
                  r.function + " throttled at " + fmtTime(r.startedAtMs) + ": " + (r.errorType || "")));
              });
            }
            if (!lanes.length && !throttles.length) {
              var empty = shape("text", { x: labelWidth, y: top + 14, class: "tick" });
              empty.textContent = "No environments in this window.";
              node.appendChild(empty);
            }
            clear(container);
            container.appendChild(node);
            $("timeline-summary").textContent = summary;
          }

          function truncate(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }

          function windowName(ms) { return ms >= 60000 ? ms / 60000 + " min" : ms / 1000 + " s"; }

          // Concurrency ---------------------------------------------------------------------------------------------------

          function renderConcurrency() {
            var container = $("concurrency-charts");
            var now = viewNow();
            var from = now - state.windowMs;
            var names = state.functions.map(function (fn) { return fn.name; });
            var limit = state.account ? state.account.concurrencyLimit : null;
            $("account-limits").textContent = state.account
              ? "Account: " + state.account.concurrencyLimit + " concurrent executions, " +
                state.account.unreservedConcurrency + " unreserved."
              : "";
            var charts = [{ name: "All functions", reserved: null, account: limit, pick: function (counts) {
              return Object.keys(counts).reduce(function (sum, key) { return sum + counts[key]; }, 0);
            } }];
            state.functions.forEach(function (fn) {
              charts.push({ name: fn.name, reserved: fn.reservedConcurrency, account: state.account ? state.account.unreservedConcurrency : null,
                pick: function (counts) { return counts[fn.name] || 0; } });
            });
            clear(container);
            if (!names.length) { container.appendChild(el("p", { className: "empty", text: "No functions yet." })); return; }
            charts.forEach(function (chart) {
              var points = [];
              var before = null;
              state.concurrency.forEach(function (sample) {
                if (sample.t < from) { before = sample; return; }
                if (sample.t <= now) points.push({ t: sample.t, n: chart.pick(sample.counts) });
              });
              if (before) points.unshift({ t: from, n: chart.pick(before.counts) });
              var peak = points.reduce(function (m, p) { return Math.max(m, p.n); }, 0);
              var current = points.length ? points[points.length - 1].n : 0;
              var scale = Math.max(peak, chart.reserved || 0, 1) * 1.25;
              var showAccount = chart.account !== null && chart.account <= scale * 1.6;
              if (showAccount) scale = Math.max(scale, chart.account * 1.1);
              var width = 280, height = 70, pad = 4;
              var label = chart.name + ": " + current + " now, peak " + peak + " in the last " + windowName(state.windowMs) +
                (chart.reserved !== null && chart.reserved !== undefined ? ", reserved " + chart.reserved : "") +
                (chart.account !== null ? (chart.name === "All functions" ? ", account limit " : ", unreserved pool ") + chart.account : "");
              var node = svg(width, height, label);
              node.setAttribute("class", "conc");
              var x = function (t) { return pad + ((t - from) / state.windowMs) * (width - 2 * pad); };
              var y = function (n) { return height - pad - (n / scale) * (height - 2 * pad); };
              var d = "";
              points.forEach(function (p, i) {
                if (i === 0) d = "M" + x(p.t).toFixed(1) + " " + y(p.n).toFixed(1);
                else d += " H" + x(p.t).toFixed(1) + " V" + y(p.n).toFixed(1);
              });
              if (points.length) d += " H" + x(now).toFixed(1);
              node.appendChild(shape("line", { x1: pad, x2: width - pad, y1: y(0), y2: y(0), class: "axis" }));
              if (chart.reserved !== null && chart.reserved !== undefined) {
                node.appendChild(shape("line", { x1: pad, x2: width - pad, y1: y(chart.reserved), y2: y(chart.reserved), class: "limit reserved" },
                  "reserved concurrency " + chart.reserved));
              }
              if (showAccount) {
                node.appendChild(shape("line", { x1: pad, x2: width - pad, y1: y(chart.account), y2: y(chart.account), class: "limit account" },
                  "account limit " + chart.account));
              }
              if (d) node.appendChild(shape("path", { d: d, class: "conc-line" }));
              var figure = el("figure", { className: "chart" }, [
                node,
                el("figcaption", null, [el("strong", { text: chart.name }), " " + current + " now · peak " + peak +
                  (chart.reserved !== null && chart.reserved !== undefined ? " · reserved " + chart.reserved : "") +
                  (chart.name === "All functions" && chart.account !== null ? " · limit " + chart.account : "")])
              ]);
              container.appendChild(figure);
            });
          }

        """##
}
