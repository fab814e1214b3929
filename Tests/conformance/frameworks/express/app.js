// An Express app (Debian's node-express, found through NODE_PATH=/usr/share/nodejs): JSON, path parameters,
// cookies and a binary response.
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const express = require("express");

const PIXEL = fs.readFileSync(path.join(__dirname, "pixel.png"));

const app = express();

app.get("/items/:itemId", (req, res) => {
    res.json({ framework: "express", item_id: req.params.itemId, q: req.query.q ?? null });
});

app.post("/echo", express.json(), (req, res) => {
    res.json({ received: req.body, content_type: req.get("content-type") });
});

app.post("/login", (req, res) => {
    res.cookie("session", "s-" + req.query.user, { httpOnly: true });
    res.cookie("theme", "dark");
    res.json({ logged_in: req.query.user });
});

app.get("/whoami", (req, res) => {
    // No cookie-parser: the Cookie header as the request brought it.
    const cookies = Object.fromEntries((req.get("cookie") || "").split(/;\s*/).filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
    res.json({ session: cookies.session ?? null, theme: cookies.theme ?? null });
});

app.get("/pixel.png", (req, res) => {
    res.type("png").send(PIXEL);
});

app.post("/upload", express.raw({ type: "image/png" }), (req, res) => {
    res.json({ length: req.body.length, sha256: crypto.createHash("sha256").update(req.body).digest("hex") });
});

module.exports = app;
