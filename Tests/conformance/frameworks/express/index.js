// A small adapter from a payload 2.0 event (Function URLs, HTTP APIs) to a real HTTP request: the app listens on a
// Unix socket inside the environment, the event becomes a request to it, and the response becomes the result
// (cookies in `cookies`, text as text, anything else base64-encoded). aws-serverless-express works the same way.
const http = require("http");
const os = require("os");
const path = require("path");
const app = require("./app");

const socketPath = path.join(os.tmpdir(), `express-${process.pid}.sock`);
const listening = new Promise((resolve) => {
    const server = http.createServer(app).listen(socketPath, () => resolve(server));
});

const TEXT = /^(text\/|application\/(json|javascript|xml)\b)/;
// Hop-by-hop headers of the socket connection, not of the response.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding"]);

function forward(event) {
    const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8") : null;
    const headers = { ...event.headers };
    if (event.cookies && event.cookies.length) headers.cookie = event.cookies.join("; ");
    if (body) headers["content-length"] = String(body.length);
    const query = event.rawQueryString ? "?" + event.rawQueryString : "";
    return new Promise((resolve, reject) => {
        const request = http.request(
            { socketPath, method: event.requestContext.http.method, path: event.rawPath + query, headers },
            (response) => {
                const chunks = [];
                response.on("data", (chunk) => chunks.push(chunk));
                response.on("end", () => resolve({ response, body: Buffer.concat(chunks) }));
                response.on("error", reject);
            });
        request.on("error", reject);
        request.end(body);
    });
}

exports.handler = async (event) => {
    await listening;
    const { response, body } = await forward(event);
    const headers = {};
    let cookies = [];
    for (const [name, value] of Object.entries(response.headers)) {
        if (HOP_BY_HOP.has(name)) continue;
        if (name === "set-cookie") cookies = value;
        else headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const text = TEXT.test(headers["content-type"] || "");
    return {
        statusCode: response.statusCode,
        headers,
        cookies,
        body: body.toString(text ? "utf8" : "base64"),
        isBase64Encoded: !text,
    };
};
