"""A FastAPI app behind Mangum: one handler for both payload formats (REST 1.0 and HTTP API 2.0)."""

import hashlib
import os
from typing import Optional

from fastapi import Cookie, FastAPI, Request, Response
from mangum import Mangum

PIXEL = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pixel.png"), "rb").read()

app = FastAPI()


@app.get("/items/{item_id}")
def item(item_id: str, q: Optional[str] = None):
    return {"framework": "fastapi", "item_id": item_id, "q": q}


@app.post("/echo")
async def echo(request: Request):
    return {"received": await request.json(), "content_type": request.headers.get("content-type")}


@app.post("/login")
def login(response: Response, user: str):
    response.set_cookie("session", "s-" + user, httponly=True)
    response.set_cookie("theme", "dark")
    return {"logged_in": user}


@app.get("/whoami")
def whoami(session: Optional[str] = Cookie(default=None), theme: Optional[str] = Cookie(default=None)):
    return {"session": session, "theme": theme}


@app.get("/pixel.png")
def pixel():
    return Response(content=PIXEL, media_type="image/png")


@app.post("/upload")
async def upload(request: Request):
    body = await request.body()
    return {"length": len(body), "sha256": hashlib.sha256(body).hexdigest()}


handler = Mangum(app, lifespan="off")
