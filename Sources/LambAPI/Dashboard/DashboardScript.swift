/// The dashboard's script (`/_lamb/assets/app.js`): hand-written, no framework, no build step. One script, kept in
/// four parts so that each file stays readable; they are served joined, in order.
enum DashboardScript {
    static let source = [core, charts, panels, controls].joined(separator: "\n")

    /// The helpers, the page's state and the live stream.
    static let core = ##"""
        // Lamb's dashboard: one live stream (/_lamb/v1/stream) and Lamb's JSON endpoints, drawn without a framework.
        (function () {
          "use strict";

          // ---------------------------------------------------------------------------------------------------------------
          // Helpers
          // ---------------------------------------------------------------------------------------------------------------

          var $ = function (id) { return document.getElementById(id); };
          var HISTORY_KEEP = 5000;       // invocation records kept in the page
          var SPARK_WINDOW_MS = 15 * 60 * 1000;
          var SPARK_BUCKETS = 30;
          var SVG_NS = "http://www.w3.org/2000/svg";

          function esc(value) {
            return String(value === undefined || value === null ? "" : value)
              .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
              .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
          }

          function el(tag, attrs, children) {
            var node = document.createElement(tag);
            if (attrs) {
              Object.keys(attrs).forEach(function (key) {
                var value = attrs[key];
                if (value === undefined || value === null || value === false) return;
                if (key === "text") node.textContent = value;
                else if (key === "className") node.className = value;
                else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
                else node.setAttribute(key, value === true ? "" : value);
              });
            }
            (children || []).forEach(function (child) {
              if (child === null || child === undefined) return;
              node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
            });
            return node;
          }

          function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

          function fmtMs(ms) {
            if (ms === undefined || ms === null || isNaN(ms)) return "–";
            if (ms >= 10000) return (ms / 1000).toFixed(1) + " s";
            if (ms >= 100) return Math.round(ms) + " ms";
            return ms.toFixed(2) + " ms";
          }

          function fmtBytes(n) {
            if (n === undefined || n === null) return "–";
            if (n >= 1048576) return (n / 1048576).toFixed(1) + " MB";
            if (n >= 1024) return (n / 1024).toFixed(1) + " KB";
            return n + " B";
          }

          function fmtTime(ms) {
            var d = new Date(ms);
            function two(n) { return (n < 10 ? "0" : "") + n; }
            return two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
          }

          function shortId(id) { return id ? String(id).slice(0, 8) : ""; }

          function median(values) {
            if (!values.length) return null;
            var sorted = values.slice().sort(function (a, b) { return a - b; });
            var mid = Math.floor(sorted.length / 2);
            return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
          }

          function getJSON(path) {
            return fetch(path, { headers: { "Accept": "application/json" } }).then(function (response) {
              if (!response.ok) {
                return response.text().then(function (text) {
                  throw new Error(path + ": HTTP " + response.status + " " + text.slice(0, 200));
                });
              }
              return response.json();
            });
          }

          function say(text) { $("status-text").textContent = text; }

          function reportError(where, error) {
            var box = $("errors");
            box.hidden = false;
            box.textContent = where + ": " + (error && error.message ? error.message : String(error));
          }

          // ---------------------------------------------------------------------------------------------------------------
          // State
          // ---------------------------------------------------------------------------------------------------------------

          var state = {
            clockOffset: 0,          // server time minus this browser's time (ms)
            functions: [],           // from the stream
            account: null,           // {concurrencyLimit, unreservedConcurrency}
            envs: new Map(),         // id -> {id, function, initializationType, segments: [{state, start, end}], gone}
            records: [],             // invocation records, oldest first
            recordIds: new Set(),
            lastId: 0,
            concurrency: [],         // [{t, counts: {function: n}}]
            queue: null,
            windowMs: 60000,
            paused: false,
            pausedAt: 0,
            selectedRequest: null,
            historyFilter: { function: "", cold: false, errors: false, text: "" }
          };

          function serverNow() { return Date.now() + state.clockOffset; }
          function viewNow() { return state.paused ? state.pausedAt : serverNow(); }

          // ---------------------------------------------------------------------------------------------------------------
          // The stream
          // ---------------------------------------------------------------------------------------------------------------

          var source = null;
          var reconnectTimer = null;

          function connect() {
            if (source) source.close();
            var url = "/_lamb/v1/stream" + (state.lastId ? "?after=" + state.lastId : "");
            source = new EventSource(url);
            source.addEventListener("open", function () { say("Live"); $("status").dataset.state = "live"; });
            source.addEventListener("snapshot", function (event) {
              var data;
              try { data = JSON.parse(event.data); } catch (e) { reportError("stream", e); return; }
              applySnapshot(data);
            });
            source.addEventListener("shutdown", function () {
              say("Lamb is shutting down; reconnecting when it is back");
              $("status").dataset.state = "down";
              source.close();
              scheduleReconnect(3000);
            });
            source.addEventListener("error", function () {
              if (source.readyState === EventSource.CLOSED) {
                say("Disconnected; retrying");
                $("status").dataset.state = "down";
                scheduleReconnect(3000);
              } else {
                say("Reconnecting…");
                $("status").dataset.state = "connecting";
              }
            });
          }

          function scheduleReconnect(delay) {
            if (reconnectTimer) return;
            reconnectTimer = setTimeout(function () { reconnectTimer = null; connect(); }, delay);
          }

          function applySnapshot(data) {
            var now = data.time;
            state.clockOffset = now - Date.now();
            state.functions = data.functions || [];
            state.account = data.account || state.account;
            state.queue = data.queue || null;

            // Environments: a segment per state, closed when the state changes or the environment leaves the list.
            var seen = new Set();
            var counts = {};
            (data.environments || []).forEach(function (summary) {
              seen.add(summary.id);
              var shown = displayState(summary);
              var env = state.envs.get(summary.id);
              if (!env) {
                var born = now - summary.ageSeconds * 1000;
                env = { id: summary.id, function: summary.function, version: summary.version,
                        initializationType: summary.initializationType, segments: [], gone: false, summary: summary };
                if (shown === "initializing" || shown === "restoring" || summary.ageSeconds <= 1) {
                  env.segments.push({ state: shown, start: born, end: null });
                } else {
                  // It existed before this page saw it, in states the page does not know.
                  env.segments.push({ state: "unknown", start: born, end: now });
                  env.segments.push({ state: shown, start: now, end: null });
                }
                state.envs.set(summary.id, env);
              } else {
                var open = env.segments[env.segments.length - 1];
                if (!open || open.state !== shown) {
                  if (open) open.end = now;
                  env.segments.push({ state: shown, start: now, end: null });
                }
                env.gone = false;
              }
              env.summary = summary;
              if (shown === "invoking" || shown === "initializing" || shown === "restoring") {
                counts[summary.function] = (counts[summary.function] || 0) + 1;
              }
            });
            state.envs.forEach(function (env) {
              if (seen.has(env.id) || env.gone) return;
              var open = env.segments[env.segments.length - 1];
              if (open && open.end === null) open.end = now;
              env.segments.push({ state: "gone", start: now, end: now });
              env.gone = true;
              env.goneAt = now;
            });
            // Environments gone for longer than the widest window are dropped.
            state.envs.forEach(function (env, id) {
              if (env.gone && now - env.goneAt > 16 * 60 * 1000) state.envs.delete(id);
            });
            state.concurrency.push({ t: now, counts: counts });
            while (state.concurrency.length > 2 && now - state.concurrency[1].t > 16 * 60 * 1000) state.concurrency.shift();

            addRecords(data.invocations || []);
            if (data.nextAfter) state.lastId = Math.max(state.lastId, data.nextAfter);

            renderAll();
          }

          // `restoring` is a SnapStart environment before its first invocation; `frozen` shows as idle (the API does not
          // tell them apart).
          function displayState(summary) {
            if (summary.state === "initializing" && summary.initializationType === "snap-start" && summary.invocations === 0) {
              return "restoring";
            }
            return summary.state;
          }

          function addRecords(records) {
            var added = false;
            records.forEach(function (record) {
              if (state.recordIds.has(record.id)) return;
              record.startedAtMs = Date.parse(record.startedAt);
              state.recordIds.add(record.id);
              state.records.push(record);
              state.lastId = Math.max(state.lastId, record.id);
              added = true;
            });
            if (!added) return;
            state.records.sort(function (a, b) { return a.id - b.id; });
            while (state.records.length > HISTORY_KEEP) state.recordIds.delete(state.records.shift().id);
          }

        """##
}
