"""The class-results JupyterHub service: ``python -m backlearn.classresults.service``, started by the hub.

Every request is authenticated by the hub (``HubOAuthenticated``): a learner's kernel sends its
hub token, a teacher's browser logs in through the hub. Nobody shares a token.

- ``POST {prefix}api/answers``: a learner's answer (JSON: kind, item, choice), kept under their hub name.
- ``GET {prefix}api/answers``: the caller's OWN answers; there is no way to ask for anyone else's.
- ``GET {prefix}`` and ``GET {prefix}api/results``: the anonymous spread, for hub admins and members of
  the teacher group only (``BACKLEARN_TEACHER_GROUP``, default ``teachers``); others get 403.

Settings (environment, set by :func:`backlearn.classresults.hubconfig.add_class_results`):
``BACKLEARN_RESULTS_DB`` (an SQLAlchemy URL; default a SQLite file in the working folder),
``BACKLEARN_TEACHER_GROUP``, ``BACKLEARN_RESULTS_BIND`` (the address to listen on), and
JupyterHub's own ``JUPYTERHUB_*`` variables for managed services.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from typing import Any
from urllib.parse import quote, urlparse

from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import ioloop, web
from tornado.httpclient import AsyncHTTPClient, HTTPRequest

from backlearn.classresults.answers import AnswerError, parse_answer
from backlearn.classresults.page import results_page
from backlearn.classresults.store import AnswerStore
from backlearn.classresults.tally import tally
from backlearn.content import Content
from backlearn.engine.promises import load_content

__all__ = ["main", "make_app"]

DEFAULT_DB = "sqlite:///class-results.sqlite"


class _Base(HubOAuthenticated, web.RequestHandler):  # type: ignore[misc]
    @property
    def store(self) -> AnswerStore:
        return self.settings["store"]  # type: ignore[no-any-return]

    @property
    def content(self) -> Content:
        return self.settings["content"]  # type: ignore[no-any-return]

    def learner(self) -> str:
        user = self.current_user
        if not user or user.get("kind", "user") != "user":
            raise web.HTTPError(403, "only hub users send answers")
        return str(user["name"])

    async def is_teacher(self) -> bool:
        """A hub admin or a member of the teacher group, asked of the hub with the service's own token."""
        name = self.learner()
        url = url_path_join(os.environ["JUPYTERHUB_API_URL"], "users", quote(name, safe=""))
        request = HTTPRequest(url, headers={"Authorization": f"token {os.environ['JUPYTERHUB_API_TOKEN']}"})
        response = await AsyncHTTPClient().fetch(request, raise_error=False)
        if response.code != 200:
            return False
        model = json.loads(response.body)
        group = self.settings["teacher_group"]
        return bool(model.get("admin")) or group in (model.get("groups") or [])

    async def require_teacher(self) -> None:
        if not await self.is_teacher():
            raise web.HTTPError(403, "only the teacher (a hub admin or the teacher group) sees class results")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        reason = self._reason
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, web.HTTPError) and exc.log_message:
            reason = exc.log_message
        self.finish({"status": status_code, "message": reason})


class _AnswersHandler(_Base):
    @web.authenticated
    def get(self) -> None:
        """The caller's own answers, oldest first."""
        self.finish({"learner": self.learner(), "answers": [asdict(a) for a in self.store.of(self.learner())]})

    @web.authenticated
    def post(self) -> None:
        learner = self.learner()
        try:
            answer = parse_answer(json.loads(self.request.body or b"null"), self.content)
        except (ValueError, AnswerError) as error:
            raise web.HTTPError(400, str(error)) from None
        self.store.add(learner, answer)
        self.set_status(201)
        self.finish({"stored": asdict(answer)})


class _ResultsHandler(_Base):
    @web.authenticated
    async def get(self) -> None:
        """The anonymous spread of first answers, as JSON."""
        await self.require_teacher()
        answers = self.store.all()
        self.finish({
            "learners": len({learner for learner, _ in answers}),
            "items": [
                {**asdict(t), "total": t.total, "right": t.right_count, "under_triage": t.under_triage_count}
                for t in tally(answers, self.content)
            ],
        })


class _PageHandler(_Base):
    @web.authenticated
    async def get(self) -> None:
        """The teacher's results page."""
        await self.require_teacher()
        answers = self.store.all()
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(results_page(tally(answers, self.content), len({learner for learner, _ in answers})))


def make_app(
    store: AnswerStore, content: Content, prefix: str = "/", teacher_group: str = "teachers"
) -> web.Application:
    """The tornado application under the service's URL prefix."""
    return web.Application(
        [
            (prefix, _PageHandler),
            (url_path_join(prefix, "api/answers"), _AnswersHandler),
            (url_path_join(prefix, "api/results"), _ResultsHandler),
            (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
        ],
        store=store,
        content=content,
        teacher_group=teacher_group,
        cookie_secret=os.urandom(32),
    )


def main() -> int:
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    service_url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    store = AnswerStore(os.environ.get("BACKLEARN_RESULTS_DB") or DEFAULT_DB)
    app = make_app(store, load_content(), prefix, os.environ.get("BACKLEARN_TEACHER_GROUP") or "teachers")
    app.listen(service_url.port or 80, os.environ.get("BACKLEARN_RESULTS_BIND") or service_url.hostname or "127.0.0.1")
    print(f"backlearn class results: listening on {service_url.geturl()} (prefix {prefix})", file=sys.stderr)
    ioloop.IOLoop.current().start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
