"""Headless Chromium driven over the DevTools protocol: a page at an exact viewport width (the command
line's ``--window-size`` cannot go below 500 px), its console errors, a measurement and a screenshot.

Uses tornado's websocket client (tornado comes with ipykernel); no other browser tooling.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tornado.websocket import websocket_connect

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]

# Which elements stick out of the viewport without being inside a scrolling or clipping box (a wide table
# in a .scroll box is fine, a page wider than the screen is not).
PROBE = """(() => {
  const width = document.documentElement.clientWidth, wide = [];
  const clipped = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") return true; }
    return false; };
  for (const el of document.querySelectorAll("body *")) {
    const own = getComputedStyle(el).overflowX, box = el.getBoundingClientRect();
    const right = own === "visible" ? Math.max(box.right, box.left + el.scrollWidth) : box.right;  // text too
    if (box.width && right > width + 1 && !clipped(el)) wide.push(el.tagName.toLowerCase() + "." + el.className);
  }
  return {scroll: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 5),
          html: document.documentElement.outerHTML};
})()"""


@dataclass
class Page:
    html: str
    width: int
    scroll_width: int
    wide: list[str]
    errors: list[str] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return not self.wide and self.scroll_width <= self.width


class _Session:
    def __init__(self, socket: Any) -> None:
        self.socket, self.ids, self.events = socket, itertools.count(1), []

    async def call(self, method: str, **params: Any) -> dict:
        number = next(self.ids)
        await self.socket.write_message(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(await asyncio.wait_for(self.socket.read_message(), 60))
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    async def wait_for(self, event: str) -> None:
        while not any(e.get("method") == event for e in self.events):
            self.events.append(json.loads(await asyncio.wait_for(self.socket.read_message(), 60)))


def _errors(events: list[dict]) -> list[str]:
    found = []
    for event in events:
        params = event.get("params", {})
        if event.get("method") == "Runtime.exceptionThrown":
            found.append(str(params.get("exceptionDetails", {}).get("text")))
        elif event.get("method") == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning"):
            found.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif event.get("method") == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
            found.append(str(params["entry"].get("text")))
    return found


async def _visit(url: str, page: Path, width: int, screenshot: Path | None) -> Page:
    socket = await websocket_connect(url, max_message_size=256 * 1024 * 1024)
    try:
        session = _Session(socket)
        for domain in ("Page", "Runtime", "Log"):
            await session.call(f"{domain}.enable")
        await session.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1,
                           mobile=width < 600)
        await session.call("Page.navigate", url=page.as_uri())
        await session.wait_for("Page.loadEventFired")
        measured = (await session.call("Runtime.evaluate", expression=PROBE, returnByValue=True))["result"]["value"]
        if screenshot is not None:
            size = (await session.call("Page.getLayoutMetrics"))["cssContentSize"]
            shot = await session.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                      clip={"x": 0, "y": 0, "width": width, "height": size["height"], "scale": 1})
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            screenshot.write_bytes(base64.b64decode(shot["data"]))
        return Page(measured["html"], measured["width"], measured["scroll"], measured["wide"], _errors(session.events))
    finally:  # the closing handshake, so that the connection's socket is closed before the loop ends
        socket.close()
        try:
            while await asyncio.wait_for(socket.read_message(), 10) is not None:
                pass
        except TimeoutError:
            pass


def _port(profile: Path, process: subprocess.Popen) -> int:
    """The DevTools port Chromium chose (it writes it to DevToolsActivePort in its profile)."""
    for _ in range(600):
        active = profile / "DevToolsActivePort"
        if active.is_file() and active.read_text().strip():
            return int(active.read_text().splitlines()[0])
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise RuntimeError("chromium did not open its DevTools endpoint")


def visit(page: Path, width: int, screenshot: Path | None = None) -> Page:
    """Opens ``page`` in a fresh headless Chromium at a viewport ``width`` CSS px wide."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        process = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
                                    "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        try:
            port = _port(Path(profile), process)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as response:
                targets = json.loads(response.read().decode())
            url = next(t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page")
            return asyncio.run(_visit(url, page, width, screenshot))
        finally:  # Chromium's helper processes too: they share its session
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
