"""The class-results store and service, against SQLite AND a real PostgreSQL server (the same suite).

The PostgreSQL server is Debian's (``initdb``/``pg_ctl`` from /usr/lib/postgresql/*/bin, which
``make postgres`` installs when missing), started by this module on a temporary folder and a free
port, as ``nobody`` when the tests run as root (PostgreSQL refuses to run as root). Without it the
PostgreSQL half skips and says why.

The service runs in a thread (tornado, with its real limits from ``service.listen``); only the
hub's sign-in is faked: the token names the learner. The reliability review's findings M4 (no
limits) are reproduced here: a flood of answers, a 90 MB body, deeply nested JSON, and answers
refused while the service restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from shipped import shipped

from backlearn.classresults import service
from backlearn.classresults.answers import Answer
from backlearn.classresults.client import AnswerSender, Delivery, send_once
from backlearn.classresults.store import AnswerStore, engine_url
from backlearn.classresults.tally import tally
from backlearn.content import Case, QuizQuestion
from backlearn.places import free_port

PREFIX = "/services/class-results/"
#: Where a test parameter names the shipped content's first quiz question or case (filled in when it runs).
QUESTION_ID, CASE_ID = b"<question>", b"<case>"


def _case_record(index: int) -> Case:
    return list(shipped().cases.values())[index]


def _question() -> QuizQuestion:
    return next(iter(shipped().quizzes.values()))


# -- a real PostgreSQL server -------------------------------------------------------------------------


def _postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL's bin folder (initdb, pg_ctl), else one on PATH, else None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


@dataclass
class PostgresServer:
    port: int
    user: str = "backlearn"

    def new_database(self) -> str:
        """A fresh, empty database on this server, as a plain ``postgresql://`` URL (what a teacher writes)."""
        import psycopg

        name = f"t_{secrets.token_hex(6)}"
        with psycopg.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{name}"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server for this test session, stopped and deleted afterwards."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on PATH): "
                    "run `make postgres` (as root it apt-get installs Debian's postgresql), then test again")
    if importlib.util.find_spec("psycopg") is None:
        pytest.skip("psycopg is not installed: pip install -e '.[dev]' (the dev extra has psycopg[binary])")
    as_user: list[str] = []
    root = os.geteuid() == 0
    # As root, in /tmp itself: a $TMPDIR inside root's home would be out of nobody's reach.
    parent = "/tmp" if root and Path("/tmp").is_dir() else None
    folder = Path(tempfile.mkdtemp(prefix="backlearn-postgres-", dir=parent))
    if root:  # PostgreSQL refuses to run as root: run it as nobody
        runuser = shutil.which("runuser")
        if runuser is None:
            shutil.rmtree(folder)
            pytest.skip("running as root without runuser: cannot start PostgreSQL as another user")
        nobody = pwd.getpwnam("nobody")
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
        as_user = [runuser, "-u", "nobody", "--"]
    data, log, port = folder / "data", folder / "server.log", free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*as_user, *args], cwd=folder, capture_output=True, text=True, timeout=120,
                              check=False)
        if done.returncode:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            pytest.fail(f"PostgreSQL would not start: {' '.join(args[:1])} exited {done.returncode}\n"
                        f"{done.stdout[-2000:]}{done.stderr[-2000:]}{tail}")

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "backlearn", "-A", "trust", "-E", "UTF8",
            "--no-locale", "--no-sync")
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        yield PostgresServer(port)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           cwd=folder, capture_output=True, timeout=60, check=False)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same tests, once on a SQLite file and once on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'results.sqlite'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.new_database()


@pytest.fixture
def store(store_url: str) -> Iterator[AnswerStore]:
    opened = AnswerStore(store_url)
    yield opened
    opened.close()


def _case(index: int, level: str) -> Answer:
    return Answer("case", _case_record(index).id, level)


# -- the store --------------------------------------------------------------------------------------


def test_a_plain_postgresql_url_opens_with_psycopg_3() -> None:
    """docs/class-results.md says `postgresql://...` and "install psycopg": SQLAlchemy alone would look for psycopg2."""
    url = engine_url("postgresql://user:pw@db/backlearn")
    if importlib.util.find_spec("psycopg2") is None and importlib.util.find_spec("psycopg") is not None:
        assert url.drivername == "postgresql+psycopg"
    assert engine_url("sqlite:///x.sqlite").drivername == "sqlite"
    assert engine_url("postgresql+psycopg2://u@h/d").drivername == "postgresql+psycopg2"


def test_store_keeps_answers_across_reopening(store_url: str) -> None:
    store = AnswerStore(store_url)
    assert store.add("ada", _case(0, "soon")) is True
    assert store.add("ben", _case(0, "urgent")) is True
    store.close()
    again = AnswerStore(store_url)
    assert again.all() == [("ada", _case(0, "soon")), ("ben", _case(0, "urgent"))]
    assert again.of("ben") == [_case(0, "urgent")]
    assert again.of("carol") == []
    again.close()


def test_one_answer_per_learner_per_item_the_first(store: AnswerStore) -> None:
    assert store.add("ada", _case(0, "self_care")) is True
    assert store.add("ada", _case(0, "urgent")) is False, "a later answer to the same case is not stored"
    assert store.add("ada", _case(1, "urgent")) is True, "another case is another item"
    assert store.add("ben", _case(0, "urgent")) is True, "another learner counts too"
    assert store.add("ada", Answer("quiz", _question().id, "0")) is True
    assert store.count() == 4
    assert store.of("ada") == [_case(0, "self_care"), _case(1, "urgent"), Answer("quiz", _question().id, "0")]
    counts = {c.choice: c.count for c in tally(store.all(), shipped())[0].choices}
    assert counts["self_care"] == 1 and counts["urgent"] == 1, "the first answer is the one that counts"


def test_a_flood_from_one_learner_cannot_grow_the_store(store: AnswerStore) -> None:
    """Review M4: one learner stored 33,000 answers in 71 s and the teacher's page slowed 65-fold."""
    for n in range(600):
        store.add("eve", _case(n % 3, ("self_care", "soon", "urgent", "emergency")[n % 4]))
    assert store.count() == 3
    assert len(store.all()) == 3


def test_the_same_answer_posted_at_once_is_kept_once(store: AnswerStore) -> None:
    """A retried post can meet the first one at the database: exactly one is kept, neither fails."""
    results: list[bool] = []
    errors: list[BaseException] = []

    def add() -> None:
        try:
            results.append(store.add("ada", _case(2, "soon")))
        except BaseException as error:  # pragma: no cover - the failure is reported below
            errors.append(error)

    threads = [threading.Thread(target=add) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and sorted(results) == [False] * 5 + [True]
    assert store.count() == 1


def test_names_and_ids_are_stored_as_given(store: AnswerStore) -> None:
    names = ["o'brien", 'x"; DROP TABLE backlearn_answers; --', "zoë-ß-日本", "a" * 255]
    for name in names:
        assert store.add(name, _case(0, "soon"))
    assert {learner for learner, _ in store.all()} == set(names)
    assert store.of("a" * 255) == [_case(0, "soon")]


def test_an_append_only_table_from_before_keeps_each_learners_first_answer(store_url: str) -> None:
    """Stores made before the one-answer rule hold every repeat: on opening, only the first per item stays."""
    from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, func, inspect

    old = MetaData()  # the table as the append-only store made it: no unique index
    table = Table("backlearn_answers", old, Column("id", Integer, primary_key=True, autoincrement=True),
                  Column("learner", String(255), index=True), Column("kind", String(16)),
                  Column("item", String(255)), Column("choice", String(64)), Column("at", DateTime(timezone=True)))
    engine = create_engine(engine_url(store_url))
    old.create_all(engine)
    with engine.begin() as connection:
        for learner, level in [("ada", "self_care"), ("ada", "urgent"), ("ben", "soon"), ("ada", "emergency"),
                               ("ben", "urgent")]:
            connection.execute(table.insert().values(learner=learner, kind="case", item=_case_record(0).id,
                                                     choice=level, at=func.now()))
    engine.dispose()
    store = AnswerStore(store_url)
    try:
        assert store.all() == [("ada", _case(0, "self_care")), ("ben", _case(0, "soon"))]
        assert store.add("ada", _case(0, "urgent")) is False
        indexes = inspect(store.engine).get_indexes("backlearn_answers")
        assert any(index["unique"] and index["name"] == "backlearn_answers_one_per_item" for index in indexes)
    finally:
        store.close()


# -- the service -------------------------------------------------------------------------------------


@dataclass
class RunningService:
    url: str
    port: int
    store: AnswerStore


@contextlib.contextmanager
def _serving(store: AnswerStore, port: int | None = None) -> Iterator[RunningService]:
    """The service on a loopback port in a thread, with the real limits (``service.listen``)."""
    from tornado.ioloop import IOLoop

    chosen = port or free_port()
    ready = threading.Event()
    held: dict[str, Any] = {}

    def run() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        loop = IOLoop.current()
        held["server"] = service.listen(service.make_app(store, shipped(), PREFIX), chosen)
        held["loop"] = loop
        ready.set()
        loop.start()
        loop.close(all_fds=True)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30)
    try:
        yield RunningService(f"http://127.0.0.1:{chosen}{PREFIX}", chosen, store)
    finally:
        loop = held["loop"]
        loop.add_callback(held["server"].stop)
        loop.add_callback(loop.stop)
        thread.join(30)


@pytest.fixture
def fake_hub_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """The token is the learner's name; names starting with "tess" are teachers (the hub's part, faked)."""

    def current_user(handler: Any) -> dict[str, str] | None:
        name = handler.request.headers.get("Authorization", "").removeprefix("token ")
        return {"kind": "user", "name": name} if name else None

    async def is_teacher(handler: Any) -> bool:
        return str(handler.current_user["name"]).startswith("tess")

    monkeypatch.setattr(service._Base, "get_current_user", current_user)
    monkeypatch.setattr(service._Base, "is_teacher", is_teacher)


@pytest.fixture
def running(store: AnswerStore, fake_hub_sign_in: None) -> Iterator[RunningService]:
    with _serving(store) as running_service:
        yield running_service


def _call(url: str, learner: str = "ada", body: bytes | None = None, method: str | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method or ("POST" if body is not None else "GET"),
                                     headers={**({"Authorization": f"token {learner}"} if learner else {}),
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return int(error.code), error.read()


def _post(running: RunningService, data: object, learner: str = "ada") -> tuple[int, dict[str, Any]]:
    status, body = _call(running.url + "api/answers", learner, json.dumps(data).encode())
    return status, json.loads(body)


def _raw(port: int, request: bytes, read_for: float = 10.0) -> bytes:
    """Send ``request`` bytes as they are and read what comes back until the server closes or stops talking."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_for) as sock:
        sock.sendall(request)
        reply = b""
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            while chunk := sock.recv(65536):
                reply += chunk
                if b"\r\n\r\n" in reply and len(reply) > 5000:
                    break
        return reply


def _status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1])


def test_answers_are_kept_once_and_a_repeat_says_the_first_counts(running: RunningService) -> None:
    first = {"kind": "case", "item": _case_record(0).id, "choice": "self_care"}
    assert _post(running, first) == (201, {"stored": first})
    status, reply = _post(running, {**first, "choice": "urgent"})
    assert status == 200 and reply["stored"] is None and "first answer" in reply["message"]
    assert running.store.of("ada") == [_case(0, "self_care")]


def test_a_flood_of_answers_leaves_one_row_per_item_and_the_teachers_page_stays_small(
        running: RunningService) -> None:
    """Review M4: 33,000 answers from one learner were all stored; the page slowed from 7 to 457 ms."""
    for n in range(300):
        status, _ = _post(running, {"kind": "quiz", "item": _question().id, "choice": n % len(_question().choices)},
                          learner="eve")
        assert status in (200, 201)
    _post(running, {"kind": "case", "item": _case_record(0).id, "choice": "urgent"}, learner="ben")
    assert running.store.count() == 2
    status, body = _call(running.url + "api/results", "tess")
    results = json.loads(body)
    assert status == 200 and results["learners"] == 2
    quiz = next(item for item in results["items"] if item["item"] == _question().id)
    assert quiz["total"] == 1 and {c["choice"]: c["count"] for c in quiz["choices"]}["0"] == 1
    assert _call(running.url + "api/results", "eve")[0] == 403


def test_a_90_mb_post_is_refused_from_its_headers_with_413_and_never_echoed(running: RunningService) -> None:
    """Review M4: a 90 MB post took the service to 725 MB and the 400 echoed all of it back."""
    head = (f"POST {PREFIX}api/answers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: token eve\r\n"
            f"Content-Type: application/json\r\nContent-Length: {90 * 1024 * 1024}\r\n\r\n").encode()
    began = time.monotonic()
    reply = _raw(running.port, head + b'{"kind": "case", "item": "' + b"a" * 60_000)
    assert _status(reply) == 413, reply[:300]
    assert b"aaaa" not in reply and len(reply) < 2000
    assert b"at most 16384 bytes" in reply
    assert time.monotonic() - began < 10, "refused at once, without waiting for the 90 MB"
    assert _post(running, {"kind": "case", "item": _case_record(0).id, "choice": "soon"})[0] == 201, "still serving"


def test_a_chunked_post_over_the_limit_is_refused_too(running: RunningService) -> None:
    chunk = b"a" * 4096
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(6)) + b"0\r\n\r\n"
    head = (f"POST {PREFIX}api/answers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: token eve\r\n"
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode()
    reply = _raw(running.port, head + body)
    assert _status(reply) == 413 and b"aaaa" not in reply
    # Past what the server reads of any request, tornado closes the connection with a bare 400.
    huge = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(40)) + b"0\r\n\r\n"
    assert _status(_raw(running.port, head + huge)) in (400, 413)
    assert running.store.count() == 0


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("100,000-deep list", b"[" * 100_000),
        ("deep nesting that fits the limit", b"[" * 8_000 + b"]" * 8_000),
        ("nested objects", b'{"a":' * 5000 + b"1" + b"}" * 5000),
        ("not JSON", b"kind=case"),
        ("empty", b""),
        ("null", b"null"),
        ("a list", b'["case"]'),
        ("not UTF-8", b'{"kind": "case", "item": "\xff\xfe"}'),
        ("5,000-digit number", b'{"kind": "quiz", "item": "q", "choice": ' + b"9" * 5000 + b"}"),
        ("1e999999", b'{"kind": "quiz", "item": "' + QUESTION_ID + b'", "choice": 1e999999}'),
        ("NaN", b'{"kind": "quiz", "item": "' + QUESTION_ID + b'", "choice": NaN}'),
        ("a float", b'{"kind": "quiz", "item": "' + QUESTION_ID + b'", "choice": 1.5}'),
        ("a negative index", b'{"kind": "quiz", "item": "' + QUESTION_ID + b'", "choice": -1}'),
        ("true as a choice", b'{"kind": "quiz", "item": "' + QUESTION_ID + b'", "choice": true}'),
        ("a % in item", b'{"kind": "case", "item": "100%s %d", "choice": "soon"}'),
        ("SQL in item", b'{"kind": "case", "item": "x\'; DROP TABLE backlearn_answers; --", "choice": "soon"}'),
        ("HTML in choice", b'{"kind": "case", "item": "' + CASE_ID + b'", "choice": "<script>"}'),
        ("a 15 kB id", b'{"kind": "case", "item": "' + b"z" * 15_000 + b'", "choice": "soon"}'),
    ],
)
def test_malformed_or_nested_json_gets_400_never_500_and_a_short_message(
        running: RunningService, name: str, body: bytes, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    """Review M4: 100,000-deep JSON gave HTTP 500 (an uncaught RecursionError)."""
    body = body.replace(QUESTION_ID, _question().id.encode()).replace(CASE_ID, _case_record(0).id.encode())
    status, reply = _call(running.url + "api/answers", "eve", body[: service.MAX_BODY])
    assert status == 400, (name, reply[:300])
    message = json.loads(reply)["message"]
    assert len(message) < 300, f"{name}: the error quotes at most 80 characters of the post"
    assert not any("Logging error" in r.getMessage() for r in caplog.records)
    assert "zzzz" * 30 not in message
    assert running.store.count() == 0
    if name == "a % in item":
        assert "100%s %d" in message
    assert "Logging error" not in capsys.readouterr().err, "the server's log line for the refusal must not fail"


def test_a_learner_still_cannot_post_as_someone_else_or_read_others(running: RunningService) -> None:
    data = {"kind": "case", "item": _case_record(0).id, "choice": "soon", "learner": "bob", "user": "bob"}
    assert _post(running, data, learner="eve")[0] == 201
    assert running.store.of("bob") == []
    status, body = _call(running.url + "api/answers?learner=eve", "bob")
    assert status == 200 and json.loads(body) == {"learner": "bob", "answers": []}
    assert _call(running.url + "api/answers", "", b"{}")[0] == 403


# -- the learner's side: retries, and "not saved" said plainly -----------------------------------------------


def _env(port: int) -> dict[str, str]:
    return {"BACKLEARN_CLASS_RESULTS_URL": f"http://127.0.0.1:{port}{PREFIX}", "JUPYTERHUB_API_TOKEN": "ada"}


def test_an_answer_refused_while_the_service_restarts_is_sent_again_and_kept(
        store: AnswerStore, fake_hub_sign_in: None) -> None:
    """Review M4: 58 answers refused (503) during a restart were dropped and the learner never knew."""
    port = free_port()
    reports: list[Delivery] = []
    waits: list[float] = []
    stack = contextlib.ExitStack()

    def sleep(seconds: float) -> None:  # the service is down for two tries, and back during the second wait
        waits.append(seconds)
        if len(waits) == 2:
            stack.enter_context(_serving(store, port))

    sender = AnswerSender(button="Check", env=_env(port), delays=(1, 2, 4), sleep=sleep)
    with stack:
        first = sender.send("case", _case_record(0).id, "urgent", reports.append)
        assert first is not None and not first.saved and first.retry
        sender.wait(60)
    assert waits == [1, 2] and [r.saved for r in reports] == [False, True]
    assert reports[0].final is False and "Trying again" in reports[0].message
    assert reports[-1].message.startswith("Sent")
    assert store.of("ada") == [_case(0, "urgent")]


def test_an_answer_that_never_gets_through_says_so_and_which_button_sends_it_again() -> None:
    reports: list[Delivery] = []
    sender = AnswerSender(button="Compare", env=_env(free_port()), delays=(0, 0, 0), sleep=lambda s: None)
    sender.send("case", _case_record(0).id, "urgent", reports.append)
    sender.wait(60)
    assert [r.final for r in reports] == [False, True]
    last = reports[-1]
    assert not last.saved and last.message.startswith("Not saved in your teacher's class results")
    assert "after 4 tries" in last.message and "Press Compare again" in last.message


def test_a_refused_answer_is_not_retried_and_says_why(running: RunningService) -> None:
    reports: list[Delivery] = []
    slept: list[float] = []
    sender = AnswerSender(button="Check", env=_env(running.port), sleep=slept.append)
    sender.send("case", "no-such-case", "urgent", reports.append)
    sender.wait(10)
    assert slept == [] and len(reports) == 1
    assert "refused it (HTTP 400: field 'item'" in reports[0].message and "Press Check again" in reports[0].message
    assert send_once("case", _case_record(1).id, "soon", _env(running.port)) == Delivery(
        True, False, "Sent to your teacher's class results.")
