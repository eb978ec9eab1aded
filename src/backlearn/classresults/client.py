"""What the case and quiz widgets call to send an answer to the class-results service.

It sends only when the hub put ``BACKLEARN_CLASS_RESULTS_URL`` and ``JUPYTERHUB_API_TOKEN`` (the
learner's own server token) in the environment; anywhere else (a laptop, Binder, the app) it
sends nothing. It never raises: a lesson goes on when the service is down.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

__all__ = ["CLASS_NOTE", "URL_ENV", "enabled", "post_answer"]

URL_ENV = "BACKLEARN_CLASS_RESULTS_URL"
TIMEOUT = 5.0

#: Shown under a case or quiz when answers are sent, so a learner knows.
CLASS_NOTE = (
    '<p class="bl-class-note" role="note">Your answers here go to your teacher\'s class results. '
    "The class sees totals only, never names.</p>"
)


def _settings(env: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    env = os.environ if env is None else env
    url, token = env.get(URL_ENV, ""), env.get("JUPYTERHUB_API_TOKEN", "")
    return (url, token) if url and token else None


def enabled(env: Mapping[str, str] | None = None) -> bool:
    """True when answers go to the class results (running under a hub with the service)."""
    return _settings(env) is not None


def post_answer(kind: str, item: str, choice: str | int, env: Mapping[str, str] | None = None) -> bool:
    """Send one answer; True when the service kept it, False when not sent or it failed."""
    settings = _settings(env)
    if settings is None:
        return False
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
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return 200 <= int(response.status) < 300
    except (OSError, urllib.error.URLError, ValueError):
        return False
