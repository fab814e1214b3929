extension DashboardScript {
    /// The history table, the pickers and the invoke form.
    static let panels = ##"""
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

        """##
}
