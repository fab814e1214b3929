/// The dashboard's script (`/_lamb/assets/app.js`): hand-written, no framework, no build step.
enum DashboardScript {
    static let source = ##"""
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

          // History -------------------------------------------------------------------------------------------------------

          function matches(record) {
            var f = state.historyFilter;
            if (f.function && record.function !== f.function) return false;
            if (f.cold && record.startKind !== "cold" && record.startKind !== "restore") return false;
            if (f.errors && record.outcome === "success") return false;
            if (f.text) {
              var text = f.text.toLowerCase();
              if ((record.requestId || "").toLowerCase().indexOf(text) < 0 &&
                  (record.errorType || "").toLowerCase().indexOf(text) < 0) return false;
            }
            return true;
          }

          var historyRendered = "";
          function renderHistory() {
            var rows = [];
            for (var i = state.records.length - 1; i >= 0 && rows.length < 200; i--) {
              if (matches(state.records[i])) rows.push(state.records[i]);
            }
            var key = rows.map(function (r) { return r.id; }).join(",") + "|" + state.selectedRequest;
            if (key === historyRendered) return;
            historyRendered = key;
            var body = $("history-body");
            var focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.request : null;
            clear(body);
            rows.forEach(function (r) {
              var selected = r.requestId === state.selectedRequest;
              var button = el("button", { type: "button", className: "link", "data-request": r.requestId,
                "aria-expanded": selected ? "true" : "false", "aria-controls": "detail",
                onclick: function () { showDetail(r); } }, [r.requestId]);
              var tr = el("tr", { className: (selected ? "selected " : "") + "outcome-" + r.outcome }, [
                el("td", { className: "nowrap", text: fmtTime(r.startedAtMs) }),
                el("td", { text: r.function }),
                el("td", { className: "mono" }, [button]),
                el("td", { text: r.startKind === "none" ? "–" : r.startKind }),
                el("td", { className: "num", text: r.outcome === "throttled" ? "–" : fmtMs(r.durationMs) }),
                el("td", null, [el("span", { className: "badge badge-" + r.outcome, text: r.outcome }),
                  r.errorType ? " " + r.errorType : ""])
              ]);
              body.appendChild(tr);
              if (focused && focused === r.requestId) button.focus();
            });
            $("history-count").textContent = rows.length
              ? rows.length + (rows.length === 200 ? "+" : "") + " invocations shown, newest first."
              : "No invocations match.";
          }

          function readFilters() {
            state.historyFilter = {
              function: $("filter-function").value,
              cold: $("filter-cold").checked,
              errors: $("filter-errors").checked,
              text: $("filter-text").value.trim()
            };
            historyRendered = "";
            renderHistory();
            // Older records that match are fetched from the history as well.
            var f = state.historyFilter;
            var query = "?limit=500" + (f.function ? "&function=" + encodeURIComponent(f.function) : "") +
              (f.cold ? "&cold=1" : "") + (f.errors ? "&errors=1" : "");
            getJSON("/_lamb/v1/history" + query).then(function (data) {
              addRecords(data.invocations || []);
              historyRendered = "";
              renderHistory();
            }).catch(function (e) { reportError("history", e); });
          }

          function showDetail(record) {
            state.selectedRequest = record.requestId;
            historyRendered = "";
            renderHistory();
            var box = $("detail");
            clear(box);
            box.hidden = false;
            box.appendChild(el("h3", { id: "detail-h", tabindex: "-1", text: "Request " + record.requestId }));
            var figures = [
              ["Function", record.function + (record.version ? " (" + record.version + ")" : "")],
              ["Started", new Date(record.startedAtMs).toISOString()],
              ["Outcome", record.outcome + (record.errorType ? " · " + record.errorType : "")],
              ["Start", record.startKind], ["Trigger", record.trigger], ["Invocation type", record.invocationType],
              ["Duration", fmtMs(record.durationMs)], ["Billed duration", record.billedDurationMs + " ms"],
              ["Memory size", record.memorySizeMB + " MB"], ["Max memory used", record.maxMemoryUsedMB + " MB"]
            ];
            if (record.initDurationMs) figures.push(["Init duration", fmtMs(record.initDurationMs)]);
            if (record.restoreDurationMs) figures.push(["Restore duration", fmtMs(record.restoreDurationMs)]);
            figures.push(["Payload", fmtBytes(record.payloadBytes)], ["Result", fmtBytes(record.resultBytes)]);
            if (record.environmentId) figures.push(["Environment", record.environmentId]);
            box.appendChild(definitionList(figures, "report"));
            var logs = el("pre", { className: "log", tabindex: "0", "aria-label": "Log lines of " + record.requestId, text: "Loading log lines…" });
            box.appendChild(el("h4", { text: "Log lines" }));
            box.appendChild(logs);
            $("detail-h").focus();
            if (record.outcome === "throttled") { logs.textContent = "Throttled: the function did not run, no log lines."; return; }
            requestLog(record.function, record.requestId).then(function (lines) {
              if (state.selectedRequest !== record.requestId) return;
              logs.textContent = lines.length ? lines.join("\n") : "No log lines found for this request (the log may have been reset).";
            }).catch(function (e) { logs.textContent = "Could not read the log: " + e.message; });
          }

          function definitionList(pairs, className) {
            var dl = el("dl", { className: className });
            pairs.forEach(function (pair) {
              dl.appendChild(el("div", null, [el("dt", { text: pair[0] }), el("dd", { text: pair[1] })]));
            });
            return dl;
          }

          // A function's log, read from the start once and then followed; a request's lines are those of its log stream
          // from `START RequestId: <id>` to `REPORT RequestId: <id>`.
          var logCache = {};
          function requestLog(fn, requestId) {
            var cache = logCache[fn] = logCache[fn] || { offset: 0, events: [] };
            function page() {
              return getJSON("/_lamb/v1/functions/" + encodeURIComponent(fn) + "/logs?offset=" + cache.offset + "&limit=5000")
                .then(function (data) {
                  var events = data.events || [];
                  Array.prototype.push.apply(cache.events, events);
                  if (cache.events.length > 100000) cache.events.splice(0, cache.events.length - 100000);
                  cache.offset = data.nextOffset;
                  return events.length === 5000 ? page() : null;
                });
            }
            return page().then(function () { return linesOf(cache.events, requestId); });
          }

          function linesOf(events, requestId) {
            var start = -1, stream = null;
            for (var i = 0; i < events.length; i++) {
              if (events[i].message.indexOf("START RequestId: " + requestId) === 0) { start = i; stream = events[i].logStreamName; break; }
            }
            if (start < 0) return [];
            var lines = [];
            for (var j = start; j < events.length; j++) {
              if (events[j].logStreamName !== stream) continue;
              lines.push(events[j].message.replace(/\n$/, ""));
              if (events[j].message.indexOf("REPORT RequestId: " + requestId) === 0) break;
            }
            return lines;
          }

          // Pickers -------------------------------------------------------------------------------------------------------

          var pickerNames = "";
          function syncFunctionPickers() {
            var names = state.functions.map(function (fn) { return fn.name; });
            var key = names.join("\n");
            if (key === pickerNames) return;
            pickerNames = key;
            [["filter-function", "All functions"], ["invoke-function", null]].forEach(function (spec) {
              var select = $(spec[0]);
              var current = select.value;
              clear(select);
              if (spec[1]) select.appendChild(el("option", { value: "", text: spec[1] }));
              names.forEach(function (name) { select.appendChild(el("option", { value: name, text: name })); });
              if (names.indexOf(current) >= 0 || (spec[1] && current === "")) select.value = current;
            });
            $("invoke-submit").disabled = names.length === 0;
          }

          // Invoke --------------------------------------------------------------------------------------------------------

          function isoNow() { return new Date().toISOString(); }
          function uuid() {
            if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
            return "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".replace(/x/g, function () { return (Math.random() * 16 | 0).toString(16); });
          }

          var TEMPLATES = {
            empty: function () { return {}; },
            apigw: function () {
              return {
                resource: "/{proxy+}", path: "/hello/world", httpMethod: "POST",
                headers: { "Content-Type": "application/json", Host: "example.execute-api.us-east-1.amazonaws.com" },
                multiValueHeaders: { "Content-Type": ["application/json"] },
                queryStringParameters: { name: "me" }, multiValueQueryStringParameters: { name: ["me"] },
                pathParameters: { proxy: "hello/world" }, stageVariables: null,
                requestContext: {
                  accountId: "123456789012", resourceId: "123456", stage: "prod", requestId: uuid(),
                  identity: { sourceIp: "127.0.0.1", userAgent: "Lamb dashboard" }, resourcePath: "/{proxy+}",
                  httpMethod: "POST", apiId: "1234567890", protocol: "HTTP/1.1", requestTimeEpoch: Date.now()
                },
                body: "{\"message\": \"hello world\"}", isBase64Encoded: false
              };
            },
            httpapi: function () {
              return {
                version: "2.0", routeKey: "POST /hello", rawPath: "/hello", rawQueryString: "name=me",
                headers: { "content-type": "application/json" }, queryStringParameters: { name: "me" },
                requestContext: {
                  accountId: "123456789012", apiId: "api-id", domainName: "api-id.execute-api.us-east-1.amazonaws.com",
                  domainPrefix: "api-id", http: { method: "POST", path: "/hello", protocol: "HTTP/1.1",
                    sourceIp: "127.0.0.1", userAgent: "Lamb dashboard" },
                  requestId: uuid(), routeKey: "POST /hello", stage: "$default", time: new Date().toUTCString(),
                  timeEpoch: Date.now()
                },
                body: "{\"message\": \"hello world\"}", isBase64Encoded: false
              };
            },
            sqs: function () {
              return { Records: [{
                messageId: uuid(), receiptHandle: "MessageReceiptHandle", body: "Hello from SQS!",
                attributes: { ApproximateReceiveCount: "1", SentTimestamp: String(Date.now()), SenderId: "123456789012",
                  ApproximateFirstReceiveTimestamp: String(Date.now()) },
                messageAttributes: {}, md5OfBody: "7b270e59b47ff90a553787216d55d91d", eventSource: "aws:sqs",
                eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:MyQueue", awsRegion: "us-east-1"
              }] };
            },
            s3: function () {
              return { Records: [{
                eventVersion: "2.0", eventSource: "aws:s3", awsRegion: "us-east-1", eventTime: isoNow(),
                eventName: "ObjectCreated:Put", userIdentity: { principalId: "EXAMPLE" },
                requestParameters: { sourceIPAddress: "127.0.0.1" },
                responseElements: { "x-amz-request-id": "EXAMPLE123456789", "x-amz-id-2": "EXAMPLE123/5678abcdefghijklambdaisawesome" },
                s3: { s3SchemaVersion: "1.0", configurationId: "testConfigRule",
                  bucket: { name: "example-bucket", ownerIdentity: { principalId: "EXAMPLE" }, arn: "arn:aws:s3:::example-bucket" },
                  object: { key: "test/key", size: 1024, eTag: "0123456789abcdef0123456789abcdef", sequencer: "0A1B2C3D4E5F678901" } }
              }] };
            },
            schedule: function () {
              return {
                version: "0", id: uuid(), "detail-type": "Scheduled Event", source: "aws.events",
                account: "123456789012", time: isoNow().replace(/\.\d+Z$/, "Z"), region: "us-east-1",
                resources: ["arn:aws:events:us-east-1:123456789012:rule/my-schedule"], detail: {}
              };
            }
          };

          function applyTemplate() {
            var name = $("invoke-template").value;
            if (!TEMPLATES[name]) return;
            $("invoke-payload").value = JSON.stringify(TEMPLATES[name](), null, 2);
          }

          // `lamb generate-event`'s sample events, added to the picker as a group of their own.
          function loadGeneratedTemplates() {
            getJSON("/_lamb/v1/event-templates").then(function (answer) {
              var templates = (answer && answer.templates) || [];
              if (!templates.length) return;
              var group = document.createElement("optgroup");
              group.label = "lamb generate-event";
              templates.forEach(function (template) {
                var key = "gen:" + template.name;
                TEMPLATES[key] = function () { return template.event; };
                var option = document.createElement("option");
                option.value = key;
                option.textContent = template.name;
                option.title = template.description || "";
                group.appendChild(option);
              });
              $("invoke-template").appendChild(group);
            }).catch(function () { /* the built-in templates remain */ });
          }

          function decodeBase64(text) {
            var binary = atob(text);
            var bytes = new Uint8Array(binary.length);
            for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
            return new TextDecoder().decode(bytes);
          }

          // `REPORT RequestId: id\tDuration: 1.23 ms\tBilled Duration: 2 ms\t...` as pairs.
          function parseReport(line) {
            return line.replace(/^REPORT\s+/, "").split("\t").map(function (part) { return part.trim(); })
              .filter(Boolean).map(function (part) {
                var colon = part.indexOf(":");
                return colon < 0 ? [part, ""] : [part.slice(0, colon), part.slice(colon + 1).trim()];
              });
          }

          function invoke(event) {
            event.preventDefault();
            var fn = $("invoke-function").value;
            var payload = $("invoke-payload").value;
            var result = $("invoke-result");
            var button = $("invoke-submit");
            if (!fn) return;
            button.disabled = true;
            clear(result);
            result.appendChild(el("p", { text: "Invoking " + fn + "…" }));
            fetch("/2015-03-31/functions/" + encodeURIComponent(fn) + "/invocations", {
              method: "POST",
              headers: { "X-Amz-Log-Type": "Tail", "X-Amz-Invocation-Type": "RequestResponse", "Content-Type": "application/json" },
              body: payload
            }).then(function (response) {
              return response.text().then(function (text) { showInvocation(fn, response, text); });
            }).catch(function (e) {
              clear(result);
              result.appendChild(el("p", { className: "error", text: "The request failed: " + e.message }));
            }).then(function () { button.disabled = false; });
          }

          function showInvocation(fn, response, text) {
            var result = $("invoke-result");
            clear(result);
            var functionError = response.headers.get("X-Amz-Function-Error");
            var requestId = response.headers.get("X-Amzn-RequestId") || response.headers.get("x-amzn-requestid");
            var log = response.headers.get("X-Amz-Log-Result");
            var logText = "";
            if (log) { try { logText = decodeBase64(log); } catch (e) { logText = "(the log tail could not be decoded)"; } }
            var pretty = text;
            try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON: shown as it came */ }
            var ok = response.ok && !functionError;
            var headline = response.ok
              ? (functionError ? "Function error (" + functionError + ")" : "Succeeded") + " · HTTP " + response.status
              : "Lambda refused the invocation · HTTP " + response.status + " " + (response.headers.get("X-Amzn-ErrorType") || "");
            result.appendChild(el("p", { className: "invoke-status " + (ok ? "ok" : "error"), id: "invoke-status", text: headline }));
            if (requestId) result.appendChild(el("p", { className: "mono", text: "Request " + requestId }));
            result.appendChild(el("h3", { text: response.ok ? "Response payload" : "Error" }));
            result.appendChild(el("pre", { className: "payload", tabindex: "0", "aria-label": "Response payload", text: pretty || "(empty)" }));
            var report = logText.split("\n").filter(function (l) { return l.indexOf("REPORT RequestId:") === 0; })[0];
            if (report) {
              result.appendChild(el("h3", { text: "REPORT" }));
              result.appendChild(definitionList(parseReport(report), "report"));
            }
            if (logText) {
              result.appendChild(el("h3", { text: "Log tail (last 4 KB)" }));
              result.appendChild(el("pre", { className: "log", tabindex: "0", "aria-label": "Log tail", text: logText }));
            }
          }

          // Async queue, destinations, mappings ---------------------------------------------------------------------------

          function renderQueueSummary() {
            var q = state.queue;
            $("queue-summary").textContent = q
              ? q.queued + " queued · " + q["in-flight"] + " in flight · " + q.retrying + " retrying · " + q.failed + " failed"
              : "";
          }

          function fillTable(bodyId, emptyId, rows, columns) {
            var body = $(bodyId);
            clear(body);
            rows.forEach(function (row) {
              body.appendChild(el("tr", null, columns.map(function (column, i) {
                var value = column(row);
                return i === 0 ? el("th", { scope: "row", className: "mono", text: value }) : el("td", { text: value });
              })));
            });
            $(emptyId).hidden = rows.length > 0;
          }

          function pollQueue() {
            return getJSON("/_lamb/v1/events?limit=200").then(function (data) {
              fillTable("queue-body", "queue-empty", data.events || [], [
                function (e) { return e.requestId; }, function (e) { return e.function + (e.qualifier && e.qualifier !== "$LATEST" ? ":" + e.qualifier : ""); },
                function (e) { return e.state; }, function (e) { return String(e.attempts); },
                function (e) { return Math.round(e.ageSeconds) + " s"; },
                function (e) { return e.nextAttemptInSeconds !== undefined ? "in " + Math.round(e.nextAttemptInSeconds) + " s" : "–"; },
                function (e) { return e.failureReason || e.lastError || ""; }
              ]);
            });
          }

          var destinations = [];
          var destinationsAfter = 0;
          function pollDestinations() {
            return getJSON("/_lamb/v1/destinations?after=" + destinationsAfter + "&limit=200").then(function (data) {
              var messages = data.messages || [];
              destinationsAfter = data.nextAfter || destinationsAfter;
              destinations = destinations.concat(messages).slice(-200);
              fillTable("destinations-body", "destinations-empty", destinations.slice().reverse(), [
                function (m) { return String(m.id); }, function (m) { return new Date(m.timestamp).toLocaleTimeString(); },
                function (m) { return m.function; }, function (m) { return m.kind + (m.condition ? " (" + m.condition + ")" : ""); },
                function (m) { return m.target; },
                function (m) { return m.delivery ? m.delivery.state + (m.delivery.lastError ? ": " + m.delivery.lastError : "") : ""; },
                function (m) { return m.requestId; }
              ]);
            });
          }

          function pollMappings() {
            return getJSON("/2015-03-31/event-source-mappings/").then(function (data) {
              fillTable("mappings-body", "mappings-empty", data.EventSourceMappings || [], [
                function (m) { return m.UUID; }, function (m) { return (m.FunctionArn || "").split(":function:").pop(); },
                function (m) { return m.EventSourceArn || ""; }, function (m) { return m.State || ""; },
                function (m) { return m.BatchSize !== undefined ? String(m.BatchSize) : "–"; },
                function (m) { return m.LastProcessingResult || ""; }
              ]);
            });
          }

          function pollAccount() {
            return getJSON("/2016-08-19/account-settings/").then(function (data) {
              if (data.AccountLimit) {
                state.account = { concurrencyLimit: data.AccountLimit.ConcurrentExecutions,
                  unreservedConcurrency: data.AccountLimit.UnreservedConcurrentExecutions };
              }
            });
          }

          function every(ms, task, name) {
            function run() {
              if (document.hidden) { setTimeout(run, ms); return; }
              task().catch(function (e) { reportError(name, e); }).then(function () { setTimeout(run, ms); });
            }
            run();
          }

          // ---------------------------------------------------------------------------------------------------------------
          // Controls and start
          // ---------------------------------------------------------------------------------------------------------------

          function setWindow(ms) {
            state.windowMs = ms;
            Array.prototype.forEach.call(document.querySelectorAll("[data-window]"), function (button) {
              button.setAttribute("aria-pressed", Number(button.dataset.window) === ms ? "true" : "false");
            });
            renderAll();
          }

          function togglePause() {
            state.paused = !state.paused;
            state.pausedAt = serverNow();
            var button = $("pause");
            button.setAttribute("aria-pressed", state.paused ? "true" : "false");
            button.textContent = state.paused ? "Resume" : "Pause";
            renderAll();
          }

          function start() {
            Array.prototype.forEach.call(document.querySelectorAll("[data-window]"), function (button) {
              button.addEventListener("click", function () { setWindow(Number(button.dataset.window)); });
            });
            $("pause").addEventListener("click", togglePause);
            $("history-filters").addEventListener("submit", function (e) { e.preventDefault(); readFilters(); });
            ["filter-function", "filter-cold", "filter-errors"].forEach(function (id) { $(id).addEventListener("change", readFilters); });
            var typing = null;
            $("filter-text").addEventListener("input", function () {
              clearTimeout(typing);
              typing = setTimeout(readFilters, 250);
            });
            $("invoke-form").addEventListener("submit", invoke);
            $("invoke-template").addEventListener("change", applyTemplate);
            loadGeneratedTemplates();
            window.addEventListener("resize", renderAll);
            // Keeps the timeline moving between events.
            setInterval(function () { if (!state.paused && !document.hidden) { renderTimeline(); renderConcurrency(); } }, 1000);
            setInterval(function () { if (!document.hidden) renderFunctions(); }, 10000);

            // The last 15 minutes of history first, then the stream from there on.
            getJSON("/_lamb/v1/history?since=15m&limit=2000").then(function (data) {
              addRecords(data.invocations || []);
              state.lastId = Math.max(state.lastId, data.nextAfter || 0);
            }).catch(function (e) { reportError("history", e); }).then(connect);
            every(10000, pollAccount, "account settings");
            every(2000, pollQueue, "async queue");
            every(3000, pollDestinations, "destinations");
            every(5000, pollMappings, "event source mappings");
          }

          if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
          else start();
        })();
        """##
}
