"""A headless Chromium for the page tests, driven over the Chrome DevTools Protocol on a
pipe (--remote-debugging-pipe: commands in on descriptor 3, replies and events out on
descriptor 4, each message JSON ending in a NUL byte). No debugging port is opened and no
Python package beyond the standard library is needed.

Every page opens in a fresh tab that records what a test asserts on:

- `requests`: every URL the page asked for (Network.requestWillBeSent), and `blocked`:
  those outside the page's own file, which the Fetch domain fails before they leave;
- `console_errors`: console.error/assert calls, uncaught exceptions and browser log
  entries of level error (a failed resource load, a refused script).

Chromium runs with a new empty profile and every background service off, so anything in
`requests` came from the page itself.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-default-browser-check",
    "--mute-audio",
    "--hide-scrollbars",
    "--font-render-hinting=none",
    "--remote-debugging-pipe",
)
# Pages load local files only: file: is the page, data: and blob: are made by the page.
LOCAL_SCHEMES = ("data:", "blob:")
COMMAND_TIMEOUT = 60.0


class BrowserError(RuntimeError):
    pass


def chromium_executable() -> str | None:
    """The Chromium to run: $CHROMIUM, else the first of CHROMIUM_CANDIDATES on PATH."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageLog:
    """What happened in one tab."""

    url: str
    requests: list[str] = field(default_factory=list)
    # Local files the page may load besides itself (the unit packs' shared plotly.js).
    allowed: tuple[str, ...] = ()
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def outside_requests(self) -> list[str]:
        """Requests to anything but the page's own file (and data:/blob: it made)."""
        return [
            u for u in self.requests
            if not self.permitted(u)
        ]

    def permitted(self, url: str) -> bool:
        return url.split("#")[0] in (self.url, *self.allowed) or url.startswith(LOCAL_SCHEMES)


class Chromium:
    """`with Chromium() as browser: page = browser.open(path)`."""

    def __init__(self, executable: str | None = None, width: int = 1280, height: int = 900):
        self.executable = executable or chromium_executable()
        if not self.executable:
            raise BrowserError("no Chromium found: run scripts/install-system-packages.sh")
        self.width, self.height = width, height
        self._next_id = 0
        self._replies: dict[int, dict] = {}
        self._messages: queue.Queue = queue.Queue()
        self._pages: dict[str, Page] = {}
        self._lock = threading.Lock()

    # --- process ----------------------------------------------------------------------

    def __enter__(self) -> Chromium:
        self.profile = Path(tempfile.mkdtemp(prefix="yingcai-chromium-"))
        self.log_path = self.profile.parent / (self.profile.name + ".log")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        log = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        devnull = os.open(os.devnull, os.O_RDONLY)
        arguments = [
            self.executable, *FLAGS,
            f"--user-data-dir={self.profile}",
            f"--window-size={self.width},{self.height}",
            # Belt and braces: no host name resolves, whatever a page asks for.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "about:blank",
        ]
        self.pid = os.posix_spawn(
            self.executable, arguments, os.environ,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, devnull, 0),
                (os.POSIX_SPAWN_DUP2, log, 1),
                (os.POSIX_SPAWN_DUP2, log, 2),
                (os.POSIX_SPAWN_DUP2, to_browser_read, 3),
                (os.POSIX_SPAWN_DUP2, from_browser_write, 4),
            ],
            setpgroup=0,
        )
        for descriptor in (to_browser_read, from_browser_write, log, devnull):
            os.close(descriptor)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.command("Browser.getVersion")
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self._send("Browser.close")
        except OSError:
            pass
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.1)
        else:
            # Our own process group (setpgroup=0): Chromium and its helpers only.
            os.killpg(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        for descriptor in (self._to_browser, self._from_browser):
            try:
                os.close(descriptor)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    # --- protocol ---------------------------------------------------------------------

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_browser, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                self._messages.put(None)
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for message in messages:
                self._messages.put(json.loads(message))

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        with self._lock:
            self._next_id += 1
            message_id = self._next_id
        message = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            written = os.write(self._to_browser, data)
            data = data[written:]
        return message_id

    def _pump(self, timeout: float) -> None:
        """Handle one message (or none within `timeout`)."""
        try:
            message = self._messages.get(timeout=timeout)
        except queue.Empty:
            return
        if message is None:
            raise BrowserError("Chromium exited:\n" + self.log()[-2000:])
        if "id" in message:
            self._replies[message["id"]] = message
            return
        page = self._pages.get(message.get("sessionId"))
        if page is not None:
            page._event(message["method"], message.get("params", {}))

    def command(self, method: str, params: dict | None = None, session: str | None = None,
                timeout: float = COMMAND_TIMEOUT) -> dict:
        message_id = self._send(method, params, session)
        deadline = time.monotonic() + timeout
        while message_id not in self._replies:
            if time.monotonic() > deadline:
                raise BrowserError(f"no reply to {method} within {timeout} s")
            self._pump(0.1)
        reply = self._replies.pop(message_id)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_for(self, condition, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out after {timeout} s waiting for {what}")
            self._pump(0.05)

    # --- pages ------------------------------------------------------------------------

    def open(self, path: Path, ready: str = "document.body.dataset.ready === 'true'",
             timeout: float = 60.0, allowed: tuple[Path, ...] = ()) -> Page:
        """A new tab showing the local file `path`; returns when the page's load event has
        fired and the JavaScript expression `ready` holds. `allowed`: local files the page
        may load too (every other request is blocked and recorded)."""
        url = Path(path).resolve().as_uri()
        target = self.command("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.command("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, target, session, PageLog(url, allowed=tuple(Path(p).resolve().as_uri() for p in allowed)))
        self._pages[session] = page
        page.command("Emulation.setDeviceMetricsOverride",
                     {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False})
        page.command("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
        for domain in ("Network", "Runtime", "Log", "Page"):
            page.command(f"{domain}.enable")
        page.command("Page.navigate", {"url": url})
        self.wait_for(lambda: page.loaded, timeout, f"the load event of {url}")
        self.wait_for(lambda: page.evaluate(ready) is True, timeout, f"{ready} on {url}")
        return page


class Page:
    def __init__(self, browser: Chromium, target: str, session: str, log: PageLog):
        self.browser, self.target, self.session, self.log = browser, target, session, log
        self.loaded = False

    def command(self, method: str, params: dict | None = None) -> dict:
        return self.browser.command(method, params, self.session)

    def _event(self, method: str, params: dict) -> None:
        log = self.log
        if method == "Page.loadEventFired":
            self.loaded = True
        elif method == "Network.requestWillBeSent":
            log.requests.append(params["request"]["url"])
        elif method == "Fetch.requestPaused":
            url = params["request"]["url"]
            if log.permitted(url):
                self.browser._send("Fetch.continueRequest", {"requestId": params["requestId"]}, self.session)
            else:
                log.blocked.append(url)
                self.browser._send("Fetch.failRequest",
                                   {"requestId": params["requestId"], "errorReason": "BlockedByClient"},
                                   self.session)
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            log.console_errors.append(f"console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text", "")
            log.console_errors.append(f"exception: {text}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            log.console_errors.append(f"{entry['source']}: {entry['text']} {entry.get('url', '')}".strip())

    def evaluate(self, expression: str):
        """The value of a JavaScript expression (awaited when it is a promise)."""
        result = self.command("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True,
        })
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def settle(self, seconds: float = 0.3) -> None:
        """Let events that are on their way arrive."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.browser._pump(0.05)

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        """A PNG of the page (all of it by default) at `path`."""
        params: dict = {"format": "png"}
        if full_page:
            size = self.command("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": self.browser.width,
                              "height": min(int(size["height"]) + 1, 16000), "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.command("Page.captureScreenshot", params)["data"]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def print_pdf(self) -> bytes:
        data = self.command("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})["data"]
        return base64.b64decode(data)

    def close(self) -> None:
        self.browser._pages.pop(self.session, None)
        self.browser.command("Target.closeTarget", {"targetId": self.target})


def main(argv: list[str] | None = None) -> int:
    """`python tests/browser.py PAGE.html OUT.png [HEIGHT]`: a screenshot of a page (the
    whole page, or its top HEIGHT pixels), e.g. docs/overview.png for the README."""
    import sys

    page_path, out, *rest = argv if argv is not None else sys.argv[1:]
    with Chromium() as browser:
        page = browser.open(Path(page_path))
        page.settle(0.5)
        if rest:
            data = page.command("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": browser.width, "height": int(rest[0]), "scale": 1},
            })["data"]
            Path(out).write_bytes(base64.b64decode(data))
        else:
            page.screenshot(Path(out))
        errors = page.log.console_errors + page.log.outside_requests()
    print("\n".join(errors) or f"wrote {out}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
