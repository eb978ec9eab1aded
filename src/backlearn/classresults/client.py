"""What the case and quiz widgets call to send an answer to the class-results service.

It sends only when the hub put ``BACKLEARN_CLASS_RESULTS_URL`` and ``JUPYTERHUB_API_TOKEN`` (the
learner's own server token) in the environment; anywhere else (a laptop, Binder, the app) it
sends nothing. It never raises: a lesson goes on when the service is down.

An answer the service did not keep is never dropped in silence. :class:`AnswerSender` tries once
at once, then again in the background for about half a minute when the service is down, busy or
restarting (the hub restarts a crashed service within about 30 s), and reports every outcome as a
:class:`Delivery` whose ``message`` the widget shows: sent, trying again, or not saved and what to do.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from backlearn import places

__all__ = ["CLASS_NOTE", "RETRY_DELAYS", "AnswerSender", "Delivery", "delivery_html", "enabled",
           "post_answer", "send_once"]

TIMEOUT = 5.0
#: Seconds to wait before each retry: six tries over about 31 s, longer than a restart of the service.
RETRY_DELAYS: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0)
#: Answers worth sending again: the service busy, restarting or failing for a moment.
_RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})

#: Shown under a case or quiz when answers are sent, so a learner knows.
CLASS_NOTE = (
    '<p class="bl-class-note" role="note">Your answers here go to your teacher\'s class results. '
    "The class sees totals only, never names.</p>"
)


def delivery_html(delivery: Delivery) -> str:
    """A widget's status line for ``delivery``: read out by screen readers, "not saved" in bold."""
    css = "bl-class-sent" if delivery.saved else "bl-class-not-saved" if delivery.final else "bl-class-retrying"
    text = escape(delivery.message, quote=False)
    if not delivery.saved and delivery.final:
        text = f"<strong>{text}</strong>"
    return f'<p class="bl-class-status {css}" role="status" aria-live="polite">{text}</p>'


@dataclass(frozen=True, slots=True)
class Delivery:
    """What happened to one answer. ``saved``: the service keeps it (or an earlier answer to the same
    item, which is the one that counts); ``retry``: worth sending again; ``message``: plain words
    for the learner; ``final``: no more tries will follow."""

    saved: bool
    retry: bool
    message: str
    final: bool = True


SENT = "Sent to your teacher's class results."
SENT_BEFORE = "Sent. Your teacher's class results count your first answer to this."


def _settings(env: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    env = places.environment() if env is None else env
    url, token = env.get(places.CLASS_RESULTS_URL_ENV, ""), env.get("JUPYTERHUB_API_TOKEN", "")
    return (url, token) if url and token else None


def enabled(env: Mapping[str, str] | None = None) -> bool:
    """True when answers go to the class results (running under a hub with the service)."""
    return _settings(env) is not None


def _refused(status: int, body: bytes) -> str:
    """The service's own reason for refusing (its JSON ``message``), short."""
    try:
        reason = str(json.loads(body).get("message") or "")
    except (ValueError, AttributeError, RecursionError):
        reason = ""
    reason = reason if len(reason) <= 120 else reason[:117] + "..."
    return f"HTTP {status}" + (f": {reason}" if reason else "")


def send_once(kind: str, item: str, choice: str | int, env: Mapping[str, str] | None = None,
              timeout: float = TIMEOUT) -> Delivery | None:
    """Send one answer once; None when not under a hub (nothing sent), else what happened. Never raises."""
    settings = _settings(env)
    if settings is None:
        return None
    url, token = settings
    # Only when answers are sent: urllib.request (with http.client and email) is about a tenth of
    # the start-up of a lesson's kernel, which most learners never need.
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        url.rstrip("/") + "/api/answers",
        data=json.dumps({"kind": kind, "item": item, "choice": str(choice)}).encode(),
        method="POST",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, body = int(response.status), response.read(4096)
    except urllib.error.HTTPError as error:
        status, body = int(error.code), b""
        with error, contextlib.suppress(OSError, ValueError):
            body = error.read(4096)
        if status in _RETRY_STATUS:
            return Delivery(False, True, f"the class results did not take it ({_refused(status, body)})")
        return Delivery(False, False, f"the class results refused it ({_refused(status, body)})")
    except (OSError, ValueError):  # URLError, a refused connection, a timeout, a bad URL
        return Delivery(False, True, "the class results did not answer")
    if not 200 <= status < 300:
        return Delivery(False, status in _RETRY_STATUS, f"the class results answered HTTP {status}")
    return Delivery(True, False, SENT if status == 201 else SENT_BEFORE)


def post_answer(kind: str, item: str, choice: str | int, env: Mapping[str, str] | None = None) -> bool:
    """Send one answer once; True when the service kept it, False when not sent or it failed."""
    delivery = send_once(kind, item, choice, env)
    return delivery is not None and delivery.saved


class AnswerSender:
    """Sends a widget's answers and reports each outcome to the ``report`` given with each answer.

    The first try runs at once (a few milliseconds when the service is up). When it fails for a
    reason that may pass (the service down or restarting), the answer is sent again in a background
    thread after each of ``delays`` seconds, so the notebook never waits; the last report says plainly
    that the answer was not saved and which button sends it again. A refusal (a bad answer) is not retried.
    """

    def __init__(self, *, button: str, env: Mapping[str, str] | None = None,
                 delays: Sequence[float] = RETRY_DELAYS, sleep: Callable[[float], None] = time.sleep) -> None:
        self.button = button
        self.env = env
        self.delays = tuple(delays)
        self.sleep = sleep
        self._threads: list[threading.Thread] = []

    def _not_saved(self, why: str, tries: int) -> str:
        after = f" after {tries} tries" if tries > 1 else ""
        return (f"Not saved in your teacher's class results: {why}{after}. "
                f"Press {self.button} again to send it, or tell your teacher.")

    def send(self, kind: str, item: str, choice: str | int,
             report: Callable[[Delivery], None]) -> Delivery | None:
        """Send one answer and ``report`` each outcome (the last with ``final``); nothing, and None,
        when not under a hub. Returns the first outcome."""
        first = send_once(kind, item, choice, self.env)
        if first is None:
            return None
        if first.saved:
            report(first)
        elif not first.retry or not self.delays:
            report(Delivery(False, first.retry, self._not_saved(first.message, 1)))
        else:
            report(Delivery(False, True, f"Not saved yet: {first.message}. Trying again...", final=False))
            thread = threading.Thread(target=self._retry, args=(kind, item, choice, report), daemon=True,
                                      name="backlearn-class-results")
            self._threads.append(thread)
            thread.start()
        return first

    def _retry(self, kind: str, item: str, choice: str | int, report: Callable[[Delivery], None]) -> None:
        last: Delivery | None = None
        for tries, delay in enumerate(self.delays, start=2):
            self.sleep(delay)
            last = send_once(kind, item, choice, self.env)
            if last is None or last.saved:
                break
            if not last.retry:
                report(Delivery(False, False, self._not_saved(last.message, tries)))
                return
        if last is not None and last.saved:
            report(last)
        else:
            why = last.message if last is not None else "the class results are not set up here"
            report(Delivery(False, True, self._not_saved(why, len(self.delays) + 1)))

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the background tries to end (tests and scripts)."""
        for thread in list(self._threads):
            thread.join(timeout)
