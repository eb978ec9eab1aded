"""Area 7 of `make robustness`: the class-results service (review finding M4). Hostile bodies, a flood of
answers, and answers sent while the service restarts."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from robustness_harness import Area


def run(work: Path) -> Area:
    """The class-results service (review finding M4): hostile bodies, a flood of answers, and answers
    sent while the service restarts. The service runs in a thread on a SQLite store, with its real limits
    (``service.listen``); only the hub's sign-in is faked (the token is the learner's name)."""
    import asyncio
    import json
    import logging
    import socket
    import threading
    import urllib.error
    import urllib.request

    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop

    from backlearn import load_content
    from backlearn.classresults import service
    from backlearn.classresults.client import AnswerSender, Delivery
    from backlearn.classresults.store import AnswerStore
    from backlearn.places import free_port

    area = Area("7. Class-results service")
    content = load_content()
    case = next(iter(content.cases.values()))
    question = next(iter(content.quizzes.values()))
    prefix = "/services/class-results/"

    @contextlib.contextmanager
    def serving(store: AnswerStore, port: int) -> Iterator[None]:
        ready = threading.Event()
        held: list[tuple[IOLoop, HTTPServer]] = []  # the thread's loop and server, once started

        def run() -> None:
            asyncio.set_event_loop(asyncio.new_event_loop())
            loop, server = IOLoop.current(), service.listen(service.make_app(store, content, prefix), port)
            held.append((loop, server))
            ready.set()
            loop.start()
            loop.close(all_fds=True)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        ready.wait(30)
        try:
            yield
        finally:
            loop, server = held[0]
            loop.add_callback(server.stop)
            loop.add_callback(loop.stop)
            thread.join(30)

    def call(port: int, learner: str, body: bytes | None = None, path: str = "api/answers") -> tuple[int, bytes]:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{prefix}{path}", data=body,
                                         headers={"Authorization": f"token {learner}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status), response.read()
        except urllib.error.HTTPError as error:
            with error:
                return int(error.code), error.read()
        except OSError as error:
            return 0, str(error).encode()

    def raw(port: int, data: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
            sock.sendall(data)
            reply = b""
            with contextlib.suppress(OSError):
                while chunk := sock.recv(65536):
                    reply += chunk
            return reply

    def refused(what: str, status: int, reply: bytes, expected: tuple[int, ...]) -> None:
        if status in expected and b"a" * 100 not in reply and len(reply) < 2000:
            area.count("clear", what)
        elif status >= 500 or status == 0:
            area.count("crash", f"{what}: HTTP {status}")
        else:
            area.count("wrong", f"{what}: HTTP {status}, {len(reply)} bytes back")

    def current_user(handler: Any) -> dict[str, str] | None:
        name = handler.request.headers.get("Authorization", "").removeprefix("token ")
        return {"kind": "user", "name": name} if name else None

    async def is_teacher(handler: Any) -> bool:
        return str(handler.current_user["name"]).startswith("teacher")

    saved = service._Base.get_current_user, service._Base.is_teacher
    # The hub's part, faked: patching the handlers' methods for this area's run is deliberate (restored
    # below), and the fakes take any handler, not only service._Base's subclasses.
    fake_hub = current_user, is_teacher
    service._Base.get_current_user, service._Base.is_teacher = fake_hub  # type: ignore[method-assign, assignment]
    quiet = [logging.getLogger(name) for name in ("tornado.access", "tornado.general", "tornado.application")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:  # every refused probe is a logged 4xx: the table says what matters
        logger.setLevel(logging.CRITICAL)
    store = AnswerStore(f"sqlite:///{work / 'results.sqlite'}")
    try:
        port = free_port()
        with serving(store, port):
            for size in (90, 120):
                head = (f"POST {prefix}api/answers HTTP/1.1\r\nHost: x\r\nAuthorization: token eve\r\n"
                        f"Content-Length: {size * 1024 * 1024}\r\n\r\n").encode()
                reply = raw(port, head + b"a" * 100_000)
                status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else 0
                refused(f"a {size} MB post", status, reply, (413,))
            chunk = b"a" * 4096
            chunked = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(40)) + b"0\r\n\r\n"
            reply = raw(port, (f"POST {prefix}api/answers HTTP/1.1\r\nHost: x\r\nAuthorization: token eve\r\n"
                               "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode() + chunked)
            refused("a 160 kB chunked post", int(reply.split(b" ", 2)[1]) if reply else 0, reply, (400, 413))
            qid = question.id.encode()
            bodies = {
                "100,000-deep list": b"[" * 100_000, "16,000-deep list": b"[" * 8_000 + b"]" * 8_000,
                "5,000-deep object": b'{"a":' * 5000 + b"1" + b"}" * 5000, "not JSON": b"kind=case",
                "empty": b"", "null": b"null", "a list": b'["case"]', "not UTF-8": b'{"kind": "\xff"}',
                "5,000-digit number": b'{"kind": "quiz", "item": "' + qid + b'", "choice": ' + b"9" * 5000 + b"}",
                "1e999999": b'{"kind": "quiz", "item": "' + qid + b'", "choice": 1e999999}',
                "NaN": b'{"kind": "quiz", "item": "' + qid + b'", "choice": NaN}',
                "negative index": b'{"kind": "quiz", "item": "' + qid + b'", "choice": -1}',
                "SQL in item": b'{"kind": "case", "item": "x\'; DROP TABLE backlearn_answers; --", "choice": "soon"}',
                "a 15 kB id": b'{"kind": "case", "item": "' + b"a" * 15_000 + b'", "choice": "soon"}',
                "HTML as a level": b'{"kind": "case", "item": "' + case.id.encode() + b'", "choice": "<b>"}',
            }
            for name, body in bodies.items():
                status, reply = call(port, "eve", body)
                refused(name, status, reply, (400, 413) if len(body) > service.MAX_BODY else (400,))
            status, _ = call(port, "eve", json.dumps({"kind": "case", "item": case.id, "choice": "soon",
                                                      "learner": "bob"}).encode())
            area.count("clear" if status == 201 and store.of("bob") == [] else "wrong", "an answer filed as bob")
            statuses = {call(port, "eve", json.dumps({"kind": "quiz", "item": question.id,
                                                      "choice": n % len(question.choices)}).encode())[0]
                        for n in range(2000)}
            rows = store.count()
            area.count("clear" if statuses <= {200, 201} and rows == 2 else "wrong",
                       f"2,000 answers from one learner: {rows} rows kept, replies {sorted(statuses)}")
            status, body = call(port, "teacher", None, "api/results")
            area.count("clear" if status == 200 and json.loads(body)["learners"] == 1 else "crash",
                       f"the teacher's results after the flood: HTTP {status}")
        # 20 learners answer while the service is down (a restart); it comes back during their retries.
        reports: dict[str, list[Delivery]] = {}
        senders = []
        for n in range(20):
            name = f"learner{n:02d}"
            env = {"BACKLEARN_CLASS_RESULTS_URL": f"http://127.0.0.1:{port}{prefix}", "JUPYTERHUB_API_TOKEN": name}
            sender = AnswerSender(button="Check", env=env, delays=(0.5, 1.0, 2.0, 4.0, 8.0))
            reports[name] = []
            sender.send("case", case.id, "urgent", reports[name].append)
            senders.append(sender)
        time.sleep(1.0)
        with serving(store, port):
            for sender in senders:
                sender.wait(60)
        for name, seen in reports.items():
            kept = [answer.choice for answer in store.of(name)] == ["urgent"]
            said = seen[-1].saved if seen else False
            area.tried += 1
            if kept and said:
                area.clear += 1
            elif not kept and said:
                area.lost += 1
                area.notes.append(f"lost: {name}'s answer was reported sent but not stored")
            elif not kept and seen and seen[-1].final:
                area.clear += 1  # not stored, and the learner was told so plainly
            else:
                area.wrong += 1
                area.notes.append(f"wrongly accepted: {name}: stored={kept}, told {seen[-1:]}")
    finally:
        service._Base.get_current_user, service._Base.is_teacher = saved  # type: ignore[method-assign]
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)
        store.close()
    return area

