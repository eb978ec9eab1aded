"""Serve a built site on 127.0.0.1, and a browser context that lets no request leave this machine.

Shared by the site's browser test and its benchmark. Blocking works on two levels: Chromium
resolves every host name except 127.0.0.1 to nothing, and Playwright aborts (and records) every
request to another host, including those of the kernel's web worker.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

#: Chromium flags: no name resolves except the loopback address, and no background traffic.
OFFLINE_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve the folder on a free loopback port, as ``python -m http.server`` does; yields the address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def is_local(url: str) -> bool:
    """True for addresses that stay on this machine (loopback, data:, blob:)."""
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname == "127.0.0.1"


def offline_context(browser: Any, attempted: list[str], **options: Any) -> Any:
    """A fresh browser context (cold cache) whose requests off this machine are aborted and listed."""
    context = browser.new_context(service_workers="allow", **options)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if is_local(url):
            request_route.continue_()
        else:
            attempted.append(url)
            request_route.abort()

    context.route("**/*", route)
    context.on("request", lambda request: None if is_local(request.url) else attempted.append(request.url))
    return context


#: A cold start loads Python into the page (about 12 s here); generous for a slow CI machine.
RUN_TIMEOUT_MS = 180_000


def run_all_cells(page: Any, url: str, *, ready: str = "", before: Any = None) -> None:
    """Open a notebook and run every cell from the Run menu, as a learner does; return when every
    code cell has run (or, where prompts are hidden, when ``ready`` is on the page). ``before(page)``,
    if given, looks at the notebook as it opened, before Run All."""
    page.goto(url)
    first = page.locator(".jp-Notebook .jp-Cell").first
    first.wait_for(timeout=RUN_TIMEOUT_MS)
    if before is not None:
        before(page)
    first.click()
    page.keyboard.press("Escape")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
    if ready:
        page.locator(ready).first.wait_for(timeout=RUN_TIMEOUT_MS)
        return
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent);
            return prompts.length > 0 && prompts.every(text => /\\[\\d+\\]/.test(text));
        }""",
        timeout=RUN_TIMEOUT_MS,
    )
