"""Area 2 of `make robustness`: content validation. A certain mistake in every record of every content
file (the teacher files included), the review's unsafe mutants, files that are folders, links, pipes,
unreadable, not UTF-8, deeply nested or alias bombs, and a stale cache: `validate` must name the file and line."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from robustness_harness import DROP_DAC, Area, run_cli

from backlearn.content import OPTIONAL_FILES, REQUIRED_FILES
from backlearn.places import content_dir as default_content_dir

#: Files whose ``kind`` is a free word naming a family of warnings (what ``safe_with`` names), not a choice
#: from a list: renaming one is valid content (a flag is also declared safe by its id, and an emergency's kind
#: shows nothing), and renaming one that is named elsewhere is reported where it is named. So a "_typo" there
#: is no certain mistake; the allow-list's own tests (tests/test_allow_list.py) check kinds.
_FREE_KINDS = ("red_flags.yaml", "screening.yaml")


def content_files(data: Path) -> list[str]:
    """Every content file the content model knows (required and optional, the teacher's files included)
    that ``data`` holds: the files fuzzed."""
    return sorted(name for name in (*REQUIRED_FILES, *OPTIONAL_FILES) if (data / name).is_file())


def _lines_mutants(data: Path) -> Iterator[tuple[str, str, str]]:
    """(file, description, new text): one certain mistake each, for every id, level, source list, choice,
    number and rule of every file."""
    for file in (data / name for name in content_files(data)):
        text = file.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        for number, line in enumerate(lines):
            body = line.rstrip("\n")
            stripped = body.lstrip(" -")
            changed = None
            if re.match(r"^\s*-? ?id: [a-z]", body):
                changed = body.replace("id: ", "id: Bad Id ", 1)
            elif re.match(r"^\s+level: (emergency|urgent|soon)$", body):
                changed = body + "x"
            elif re.match(r"^\s+sources: \[", body):
                changed = body.replace("[", "[no_such_source, ", 1)
            elif re.match(r"^\s+(kind|strength|verdict|expected_triage|region): \w+$", body) and not (
                    file.name in _FREE_KINDS and body.lstrip().startswith("kind:")):
                changed = body + "_typo"
            elif re.match(r"^\s*(- )?(year|number|age|minutes|top_advice|checklists): \d+$", body):
                changed = re.sub(r"\d+$", "-5", body)
            elif re.match(r"^\s+when: [a-z_]+$", body):
                changed = body + "_typo"
            if changed is not None:
                new = "".join(lines[:number]) + changed + "\n" + "".join(lines[number + 1:])
                yield file.name, f"{file.name}:{number + 1} {stripped[:40]!r}", new


def _misspelt_field_mutants(data: Path) -> Iterator[tuple[str, str, str]]:
    """(file, description, new text): a misspelt field name (``labelx:``) in every record of every file,
    so no file goes unfuzzed: the first field after a list item's id, or each top-level key of a file
    that is one mapping (levels.yaml, pack.yaml, short_mode.yaml, safeguarding.yaml)."""
    for name in content_files(data):
        lines = (data / name).read_text(encoding="utf-8").splitlines(keepends=True)
        for number, line in enumerate(lines):
            record = re.match(r"^(- )?([a-z_]+):(\s|$)", line)
            if record is None:
                continue
            target: int | None = number
            if record.group(1) and record.group(2) == "id":
                target = None
                for later in range(number + 1, len(lines)):
                    if lines[later].startswith("- "):
                        break  # the next record: this one has no other field
                    if re.match(r"^  [a-z_]+:", lines[later]):
                        target = later
                        break
            if target is None:
                continue
            changed = re.sub(r"^(\s*(- )?[a-z_]+):", r"\1x:", lines[target], count=1)
            field = changed.strip(" -").split(":", 1)[0]
            new = "".join(lines[:target]) + changed + "".join(lines[target + 1:])
            yield name, f"{name}:{target + 1} misspelt field {field!r}", new


def _safety_mutants(data: Path) -> Iterator[tuple[str, str, str]]:
    """The review's wrongly valid mutants (M2) and the pick-one gap, each a file and its new text."""
    flags = (data / "red_flags.yaml").read_text(encoding="utf-8")
    symptoms = (data / "symptoms.yaml").read_text(encoding="utf-8")
    cases = (data / "cases.yaml").read_text(encoding="utf-8")
    yield "symptoms.yaml", "a warning sign no red flag names", symptoms.replace(
        "\n- id: warning_chest", "\n- id: warning_extra\n  label: More warning signs\n  choose: many\n  warning: true\n"
        "  symptoms:\n    - id: coughing_blood\n      label: Coughing up blood\n\n- id: warning_chest", 1)
    block = re.search(r"- id: cauda_equina\n(?:  .*\n|    .*\n)+", flags)
    if block:
        yield "red_flags.yaml", "cauda_equina downgraded to soon", flags.replace(
            block.group(0), block.group(0).replace("level: emergency", "level: soon"), 1)
        yield "red_flags.yaml", "cauda_equina deleted", flags.replace(block.group(0), "", 1)
    first_emergency = re.search(r"  level: emergency\n  when: ([a-z_]+)\n", flags)
    if first_emergency:
        sign = first_emergency.group(1)
        yield "red_flags.yaml", "a 'none' list qualifying an emergency sign", flags.replace(
            first_emergency.group(0),
            f"  level: emergency\n  reassured_by: It is a knot.\n  when:\n    all: [{sign}, {{none: [knot]}}]\n", 1)
    triage = re.search(r"expected_triage: (\w+)", cases)
    if triage:
        other = "self_care" if triage.group(1) != "self_care" else "emergency"
        yield "cases.yaml", "a case whose expected level the engine disagrees with", cases.replace(
            triage.group(0), f"expected_triage: {other}", 1)
    yield "symptoms.yaml", "a pick-one group not marked as such", symptoms.replace("choose: one", "", 1)
    topics = (data / "topics.yaml").read_text(encoding="utf-8")
    numbers = re.findall(r"number: (\d+)", topics)
    if len(numbers) > 1:
        yield "topics.yaml", "two topics numbered alike", topics.replace(
            f"number: {numbers[1]}", f"number: {numbers[0]}", 1)


def _file_kind_mutants(folder: Path, name: str) -> Iterator[tuple[str, Callable[[Path], None]]]:
    def folder_(p: Path) -> None:
        p.unlink()
        p.mkdir()

    def loop(p: Path) -> None:
        p.unlink()
        p.symlink_to(p)

    def dangling(p: Path) -> None:
        p.unlink()
        p.symlink_to(p.with_name("gone.yaml"))

    def fifo(p: Path) -> None:
        p.unlink()
        os.mkfifo(p)

    def syntax(p: Path) -> None:
        p.write_text(p.read_text(encoding="utf-8").replace("\n", "\n  broken: [oops\n", 1), encoding="utf-8")

    def nul(p: Path) -> None:
        p.write_text(p.read_text(encoding="utf-8").replace(": ", ": \x00", 1), encoding="utf-8")

    def latin1(p: Path) -> None:
        p.write_bytes(p.read_text(encoding="utf-8").replace(": ", ": caf\xe9 ", 1).encode("latin-1", "replace"))

    def empty(p: Path) -> None:
        p.write_text("", encoding="utf-8")

    yield from (("a folder", folder_), ("a symlink loop", loop), ("a dangling symlink", dangling),
                ("a FIFO", fifo), ("a syntax error", syntax), ("a NUL byte", nul), ("not UTF-8", latin1),
                ("empty", empty))


def _deep_and_bomb(data: Path) -> Iterator[tuple[str, str, str]]:
    flags = (data / "red_flags.yaml").read_text(encoding="utf-8")
    found = re.search(r"  when: ([a-z_]+)\n", flags)
    if not found:
        return
    deep = found.group(1)
    for _ in range(450):
        deep = f"{{any: [{deep}]}}"
    yield "red_flags.yaml", "a rule nested 450 deep", flags.replace(found.group(0), f"  when: {deep}\n", 1)
    anchors = [f"a0: &a0 [{', '.join([found.group(1)] * 10)}]"]
    anchors += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    yield "red_flags.yaml", "a YAML alias bomb in when", flags.replace(
        found.group(0), "  x_anchors: {" + ", ".join(anchors) + "}\n  when: {any: [" + ", ".join(["*a8"] * 10)
        + "]}\n", 1)


def run(work: Path) -> Area:
    area = Area("2. Content validation (`validate PATH`)")
    data = default_content_dir()
    folder = work / "content"

    def fresh() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(data, folder)

    def judge(description: str, file: str | None) -> None:
        started = time.monotonic()
        code, err = run_cli(["validate", str(folder)])
        took = time.monotonic() - started
        if code is None or "Traceback" in err or code not in (0, 1) or took > 5:
            area.count("crash", f"{description}: {code} in {took:.1f} s {err[-160:]}")
        elif code == 0:
            area.count("wrong", description)
        elif re.search(rf"- {re.escape(file) if file else '[a-z_]+[.]yaml'}, line \d+", err):
            area.count("clear", "")
        else:
            area.count("crash", f"{description}: the error does not name {file or 'a file'}: {err[-160:]}")

    # A safety problem may rightly be reported where it shows (a case, a symptom), not in the edited file.
    def record_mutants() -> Iterator[tuple[str, str, str]]:
        return itertools.chain(_lines_mutants(data), _misspelt_field_mutants(data))

    unfuzzed = sorted(set(content_files(data)).difference(file for file, _d, _t in record_mutants()))
    if unfuzzed:  # a harness that skips a file finds nothing wrong in it: say so rather than pass
        raise SystemExit(f"robustness: no record of {', '.join(unfuzzed)} is fuzzed; add a mutant for it")
    for mutants, named in ((record_mutants(), True), (_safety_mutants(data), False), (_deep_and_bomb(data), True)):
        for file, description, text in mutants:
            fresh()
            (folder / file).write_text(text, encoding="utf-8")
            judge(description, file if named else None)
    for name in content_files(data):
        for description, make in _file_kind_mutants(folder, name):
            fresh()
            make(folder / name)
            judge(f"{name} is {description}", name)
    fresh()
    victim = folder / "guidance.yaml"
    victim.chmod(0)
    done = subprocess.run(
        [*(DROP_DAC if os.geteuid() == 0 else []), sys.executable, "-m", "backlearn.cli", "validate", str(folder)],
        capture_output=True, text=True, check=False, env={**os.environ, "BACKLEARN_CACHE": "off"}, timeout=60,
    )
    victim.chmod(0o644)
    area.count("clear" if done.returncode == 1 and "guidance.yaml" in done.stderr and "Traceback" not in done.stderr
               else "crash", f"an unreadable file -> {done.returncode} {done.stderr[-120:]}")
    # The stale-cache case (M1): a same-size edit that keeps the time must be seen.
    fresh()
    run_cli(["--content", str(folder), "symptoms"])  # warms the cache
    flags = folder / "red_flags.yaml"
    info = flags.stat()
    flags.write_text(flags.read_text(encoding="utf-8").replace("level: emergency", "level: emergencx", 1),
                     encoding="utf-8")
    os.utime(flags, ns=(info.st_atime_ns, info.st_mtime_ns))
    for args in (["validate", str(folder)], ["--content", str(folder), "assess", "knot"]):
        code, _err = run_cli(args)
        area.count("clear" if code == 1 else ("crash" if code is None else "wrong"),
                   f"stale cache after a same-size edit: backlearn {' '.join(args)} -> {code}")
    return area

