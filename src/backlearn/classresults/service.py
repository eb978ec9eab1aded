"""The class-results JupyterHub service: ``python -m backlearn.classresults.service``, started by the hub.

Every request is authenticated by the hub (``HubOAuthenticated``): a learner's kernel sends its
hub token, a teacher's browser logs in through the hub. Nobody shares a token.

- ``POST {prefix}api/answers``: a learner's answer (JSON: kind, item, choice), kept under their hub name:
  201 when kept, 200 when an earlier answer to the same item already counts (nothing more is stored).
  A body over :data:`MAX_BODY` bytes is refused with 413 before it is read; one that is not JSON, is
  nested too deep or does not fit the content gets 400, whose message quotes at most 80 characters of it.
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
from sqlalchemy.exc import OperationalError
from tornado import ioloop, web
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.httpserver import HTTPServer

from backlearn import places
from backlearn.classresults.answers import AnswerError, parse_answer
from backlearn.classresults.page import results_page
from backlearn.classresults.store import AnswerStore
from backlearn.classresults.tally import tally
from backlearn.content import Content
from backlearn.engine.promises import load_content

__all__ = ["MAX_BODY", "listen", "main", "make_app"]

DEFAULT_DB = "sqlite:///class-results.sqlite"
#: The largest answer the service reads. A widget's answer is about 100 bytes; 16 KiB leaves room.
MAX_BODY = 16 * 1024
#: What the HTTP server reads of any request before it gives up (a bare 400 and the connection
#: closed): posts with a Content-Length over MAX_BODY get a 413 before this, chunked ones while read.
SERVER_MAX_BODY = 4 * MAX_BODY


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
        url = url_path_join(places.variable("JUPYTERHUB_API_URL"), "users", quote(name, safe=""))
        request = HTTPRequest(url, headers={"Authorization": f"token {places.variable('JUPYTERHUB_API_TOKEN')}"})
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
            reason = exc.log_message % exc.args if exc.args else exc.log_message
        self.finish({"status": status_code, "message": reason})


def _too_big(size: int | str) -> web.HTTPError:
    return web.HTTPError(413, f"an answer is at most {MAX_BODY} bytes; this post has {size}")


@web.stream_request_body
class _AnswersHandler(_Base):
    """Streams the body in, so a post too big is refused (413) from its headers, before it is read."""

    def prepare(self) -> None:
        self._chunks: list[bytes] = []
        self._size = 0
        length = self.request.headers.get("Content-Length")
        if self.request.method == "POST" and length is not None:
            try:
                declared = int(length)
            except ValueError:
                raise web.HTTPError(400, "Content-Length is not a number") from None
            if declared > MAX_BODY:
                raise _too_big(declared)

    def data_received(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size <= MAX_BODY:
            self._chunks.append(chunk)
        else:
            self._chunks.clear()  # a chunked body too big: keep counting, never keep it

    @web.authenticated
    def get(self) -> None:
        """The caller's own answers, oldest first."""
        self.finish({"learner": self.learner(), "answers": [asdict(a) for a in self.store.of(self.learner())]})

    @web.authenticated
    def post(self) -> None:
        learner = self.learner()
        if self._size > MAX_BODY:
            raise _too_big(f"{self._size} or more")
        try:
            data = json.loads(b"".join(self._chunks) or b"null")
        except RecursionError:
            raise web.HTTPError(400, "the body is JSON nested too deep; expected an object with kind, item "
                                     "and choice") from None
        except ValueError as error:  # not JSON, not UTF-8, a number too long
            raise web.HTTPError(400, "the body is not JSON (%s); expected an object with kind, item and choice",
                                str(error)[:80]) from None
        try:
            answer = parse_answer(data, self.content)
        except AnswerError as error:
            raise web.HTTPError(400, "%s", str(error)) from None  # "%s": the answer's own text may hold a %
        try:
            kept = self.store.add(learner, answer)
        except OperationalError:  # the database is down or locked: the widget tries again
            raise web.HTTPError(503, "the answers database is not reachable; try again") from None
        self.set_status(201 if kept else 200)
        self.finish({"stored": asdict(answer)} if kept else
                    {"stored": None, "message": "your first answer to this is kept, and it is the one that counts"})


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


def listen(app: web.Application, port: int, address: str = "127.0.0.1") -> HTTPServer:
    """Serve ``app`` with the service's limits: no request body over :data:`SERVER_MAX_BODY` is read
    (tornado's default is 100 MB), and a client gets 30 s to send one."""
    server = HTTPServer(app, max_body_size=SERVER_MAX_BODY, body_timeout=30)
    server.listen(port, address)
    return server


def main() -> int:
    prefix = places.variable("JUPYTERHUB_SERVICE_PREFIX") or "/"
    service_url = urlparse(places.variable("JUPYTERHUB_SERVICE_URL") or "http://127.0.0.1:10101")
    store = AnswerStore(places.variable(places.RESULTS_DB_ENV) or DEFAULT_DB)
    app = make_app(store, load_content(), prefix, places.variable(places.TEACHER_GROUP_ENV) or "teachers")
    listen(app, service_url.port or 80,
           places.variable(places.RESULTS_BIND_ENV) or service_url.hostname or "127.0.0.1")
    print(f"backlearn class results: listening on {service_url.geturl()} (prefix {prefix})", file=sys.stderr)
    ioloop.IOLoop.current().start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
