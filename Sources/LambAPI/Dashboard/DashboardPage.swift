/// The dashboard's page (`/_lamb/`) and its icon. Asset URLs carry their versions (``DashboardAssets``).
enum DashboardPage {
    static func html(script: String, style: String, icon: String) -> String {
        ##"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Lamb dashboard</title>
        <link rel="icon" href="\##(icon)" type="image/svg+xml">
        <link rel="stylesheet" href="\##(style)">
        <script src="\##(script)" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <h1><img src="\##(icon)" alt="" width="24" height="24"> Lamb</h1>
          <p id="status" role="status" data-state="connecting"><span class="dot" aria-hidden="true"></span> <span id="status-text">Connecting…</span></p>
          <nav aria-label="Panels">
            <ul>
              <li><a href="#functions">Functions</a></li>
              <li><a href="#timeline">Environments</a></li>
              <li><a href="#concurrency">Concurrency</a></li>
              <li><a href="#history">Invocations</a></li>
              <li><a href="#invoke">Invoke</a></li>
              <li><a href="#async">Async</a></li>
              <li><a href="#mappings">Mappings</a></li>
            </ul>
          </nav>
        </header>
        <main id="main" tabindex="-1">
          <p id="errors" class="error" role="alert" hidden></p>

          <section id="functions" aria-labelledby="functions-h">
            <h2 id="functions-h">Functions</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="functions-h">
              <table>
                <thead><tr>
                  <th scope="col">Function</th><th scope="col">Runtime</th><th scope="col">Memory</th><th scope="col">Timeout</th>
                  <th scope="col">Reserved concurrency</th><th scope="col">Invocations, 15 min</th><th scope="col">p50 duration, 15 min</th>
                </tr></thead>
                <tbody id="functions-body"></tbody>
              </table>
            </div>
            <p id="functions-empty" class="empty">No functions yet: create one with the AWS CLI, an SDK or a template.</p>
          </section>

          <section id="timeline" aria-labelledby="timeline-h">
            <h2 id="timeline-h">Environments</h2>
            <div class="toolbar">
              <div role="group" aria-labelledby="window-label" class="segmented">
                <span id="window-label" class="toolbar-label">Window</span>
                <button type="button" data-window="30000" aria-pressed="false">30 s</button>
                <button type="button" data-window="60000" aria-pressed="true">1 min</button>
                <button type="button" data-window="300000" aria-pressed="false">5 min</button>
                <button type="button" data-window="900000" aria-pressed="false">15 min</button>
              </div>
              <button type="button" id="pause" aria-pressed="false">Pause</button>
            </div>
            <div id="lanes" class="lanes"></div>
            <p id="timeline-summary" class="summary" aria-live="off"></p>
            <ul class="legend" aria-label="Legend">
              <li><span class="swatch seg-initializing" aria-hidden="true"></span> initializing</li>
              <li><span class="swatch seg-restoring" aria-hidden="true"></span> restoring (SnapStart)</li>
              <li><span class="swatch seg-invoking" aria-hidden="true"></span> invoking</li>
              <li><span class="swatch seg-idle" aria-hidden="true"></span> idle or frozen</li>
              <li><span class="swatch seg-shuttingDown" aria-hidden="true"></span> shutting down</li>
              <li><span class="swatch seg-failed" aria-hidden="true"></span> failed</li>
              <li><span class="swatch seg-unknown" aria-hidden="true"></span> before this page</li>
              <li><span class="swatch inv-success" aria-hidden="true"></span> an invocation (exact, from the history)</li>
              <li><span class="mark cold" aria-hidden="true">◤</span> cold start or restore</li>
              <li><span class="mark throttle" aria-hidden="true">✕</span> throttled</li>
              <li><span class="mark gone" aria-hidden="true">|</span> gone</li>
            </ul>
          </section>

          <section id="concurrency" aria-labelledby="concurrency-h">
            <h2 id="concurrency-h">Concurrency</h2>
            <p class="summary">Environments initializing or invoking, per function, over the timeline's window; dashed lines are reserved concurrency and the account limit.
              <span id="account-limits"></span></p>
            <div id="concurrency-charts" class="charts"></div>
          </section>

          <section id="history" aria-labelledby="history-h">
            <h2 id="history-h">Invocations</h2>
            <form id="history-filters" role="search" aria-label="Filter invocations" class="filters">
              <label>Function <select id="filter-function"><option value="">All functions</option></select></label>
              <label class="check"><input type="checkbox" id="filter-cold"> Cold starts only</label>
              <label class="check"><input type="checkbox" id="filter-errors"> Errors only</label>
              <label>Request id or error type <input type="search" id="filter-text" autocomplete="off" spellcheck="false"></label>
            </form>
            <p id="history-count" class="summary" aria-live="polite"></p>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="history-h">
              <table>
                <thead><tr>
                  <th scope="col">Time</th><th scope="col">Function</th><th scope="col">Request id</th><th scope="col">Start</th>
                  <th scope="col">Duration</th><th scope="col">Outcome</th>
                </tr></thead>
                <tbody id="history-body"></tbody>
              </table>
            </div>
            <div id="detail" class="detail" hidden></div>
          </section>

          <section id="invoke" aria-labelledby="invoke-h">
            <h2 id="invoke-h">Invoke</h2>
            <form id="invoke-form" class="invoke-form">
              <div class="row">
                <label>Function <select id="invoke-function" required></select></label>
                <label>Event template
                  <select id="invoke-template">
                    <option value="">Choose…</option>
                    <option value="empty">Empty object</option>
                    <option value="apigw">API Gateway REST API proxy</option>
                    <option value="httpapi">API Gateway HTTP API (payload 2.0)</option>
                    <option value="sqs">SQS message</option>
                    <option value="s3">S3 object created</option>
                    <option value="schedule">EventBridge schedule</option>
                  </select>
                </label>
              </div>
              <label for="invoke-payload">Payload (JSON)</label>
              <textarea id="invoke-payload" rows="8" spellcheck="false">{}</textarea>
              <button type="submit" id="invoke-submit" disabled>Invoke</button>
            </form>
            <div id="invoke-result" class="invoke-result" aria-live="polite"></div>
          </section>

          <section id="async" aria-labelledby="async-h">
            <h2 id="async-h">Async queue</h2>
            <p id="queue-summary" class="summary"></p>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="async-h">
              <table>
                <thead><tr>
                  <th scope="col">Request id</th><th scope="col">Function</th><th scope="col">State</th><th scope="col">Attempts</th>
                  <th scope="col">Age</th><th scope="col">Next attempt</th><th scope="col">Last error</th>
                </tr></thead>
                <tbody id="queue-body"></tbody>
              </table>
            </div>
            <p id="queue-empty" class="empty">The queue is empty.</p>
            <h3 id="destinations-h">Destinations and dead-letter queues</h3>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="destinations-h">
              <table>
                <thead><tr>
                  <th scope="col">Id</th><th scope="col">Time</th><th scope="col">Function</th><th scope="col">Kind</th>
                  <th scope="col">Target</th><th scope="col">Delivery</th><th scope="col">Request id</th>
                </tr></thead>
                <tbody id="destinations-body"></tbody>
              </table>
            </div>
            <p id="destinations-empty" class="empty">No destination messages yet.</p>
          </section>

          <section id="mappings" aria-labelledby="mappings-h">
            <h2 id="mappings-h">Event source mappings</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="mappings-h">
              <table>
                <thead><tr>
                  <th scope="col">UUID</th><th scope="col">Function</th><th scope="col">Event source</th><th scope="col">State</th>
                  <th scope="col">Batch size</th><th scope="col">Last processing result</th>
                </tr></thead>
                <tbody id="mappings-body"></tbody>
              </table>
            </div>
            <p id="mappings-empty" class="empty">No event source mappings.</p>
          </section>

          <section id="tuning" aria-labelledby="tuning-h">
            <h2 id="tuning-h">Power tuning</h2>
            <div id="tuning-list"></div>
            <p id="tuning-empty" class="empty">No tuning yet: <code>lamb tune FUNCTION</code> puts its chart here.</p>
          </section>
        </main>
        </body>
        </html>
        """##
    }

    static let icon = ##"""
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b57d0"/><path d="M9 25 L15 13 L12 7 H15.5 L23 25 H19.6 L17 18.6 L12.4 25 Z" fill="#fff"/></svg>
        """##
}
