extension DashboardScript {
    /// The async queue, destinations and mappings, and the controls that start it all.
    static let controls = ##"""
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

          // The last `lamb tune` chart of each function, redrawn only when a new report arrives.
          var tuningShown = "";
          function pollTuning() {
            return getJSON("/_lamb/v1/tune/reports").then(function (data) {
              var reports = data.reports || [];
              var key = reports.map(function (entry) { return entry.report.function + "@" + entry.at; }).join("|");
              if (key === tuningShown) return;
              tuningShown = key;
              var list = $("tuning-list");
              clear(list);
              reports.forEach(function (entry) {
                var report = entry.report;
                var base = "/_lamb/v1/functions/" + encodeURIComponent(report.function) + "/tune/";
                var verdict = report.recommendedMemorySizeMB
                  ? "recommended " + report.recommendedMemorySizeMB + " MB"
                  : "no recommendation";
                list.appendChild(el("figure", { className: "tuning" }, [
                  el("img", {
                    src: base + "chart.svg?at=" + encodeURIComponent(entry.at), width: "900", height: "420",
                    alt: "lamb tune chart of " + report.function + ": p50 duration and cost per million against memory, " + verdict
                  }),
                  el("figcaption", null, [
                    report.function + ": " + verdict + " (" + report.strategy + ", " + report.mode + " runs, " +
                      new Date(entry.at).toLocaleTimeString() + ") ",
                    el("a", { href: base + "report.html", text: "full report" })
                  ])
                ]));
              });
              $("tuning-empty").hidden = reports.length > 0;
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
            every(5000, pollTuning, "tuning reports");
          }

          if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
          else start();
        })();
        """##
}
