"""The ``backlearn`` command: topics, symptoms, assess, checklist and validate.

Exit codes: 0 success, 2 bad usage or an unknown id, 1 invalid content. Messages go to stderr.
Only PyYAML is imported on this path, so the command starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from backlearn._files import write_atomically
from backlearn.content import Content, ContentError
from backlearn.content.regions import DEFAULT_REGION, UnknownRegionError
from backlearn.content.rules import to_plain
from backlearn.engine.assessment import Assessment, assess
from backlearn.engine.promises import load_content
from backlearn.engine.triage import symptom_levels
from backlearn.export import FORMATS, format_for, plan
from backlearn.places import CHROMIUM_ENV, DEFAULT_CHROMIUM, REGION_ENV
from backlearn.render import VERDICT_WORDS, render_json, render_markdown, render_text

__all__ = [
    "COMMANDS",
    "main",
]

EXIT_OK, EXIT_INVALID_CONTENT, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    """Bad usage found after parsing (e.g. an unknown symptom id)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backlearn",
        description="Evidence-checked lessons about back pain. Education, not diagnosis.",
    )
    parser.add_argument(
        "--content", metavar="PATH", help="content folder to use (default: $BACKLEARN_CONTENT or the shipped content)"
    )
    # Every command takes --region, so it can follow the command as in `assess chest_pain --region us`.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--region", metavar="ID",
        help=f"emergency numbers and services for this region, e.g. uk, us, ca, ie, au, nz, eu "
             f"(default: ${REGION_ENV}, else the region picked in notebook 00 or the app, else {DEFAULT_REGION})",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], **kwargs)

    command("topics", help="list the seven questions and the verdict on each")

    p = command("symptoms", help="list the symptoms you can tick, with their ids")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command("assess", help="assess ticked symptoms: triage, red flags, guidance, checklists")
    p.add_argument("ids", nargs="+", metavar="ID", help="symptom ids (see 'backlearn symptoms')")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON")
    out.add_argument("--format", choices=("text", "md", "json"), default="text", help="output format")

    p = command("checklist", help="a printable plan with the checklists for these symptoms")
    p.add_argument("ids", nargs="+", metavar="ID", help="symptom ids")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="md or html (default: html when FILE ends in .html or .htm, else md)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of printing")
    p.add_argument("--force", action="store_true", help="replace FILE if it already exists")

    p = command("validate", help="check a content folder and list every problem")
    p.add_argument("path", nargs="?", help="content folder (default: the one in use)")

    p = command("pack", help="write the teacher pack: lesson plans, keys, cards, poster (HTML and PDF)")
    p.add_argument("-o", "--output", metavar="DIR", default="teacher-pack",
                   help="folder to write (default teacher-pack)")
    p.add_argument("--no-pdf", action="store_true", help="write the HTML only (no Chromium needed)")
    p.add_argument("--chromium", metavar="PATH", default=None,
                   help=f"the Chromium that prints the PDFs (default: ${CHROMIUM_ENV}, else {DEFAULT_CHROMIUM})")

    p = command("app", help="serve the symptom explorer as a web app (needs the 'app' extra)")
    p.add_argument("--port", type=_port, default=None, help="port on 127.0.0.1, 1-65535 (default: a free one)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument(
        "--plans-dir", metavar="DIR", help='where "Save my plan" writes (default: $BACKLEARN_PLANS or your data folder)'
    )
    return parser


def _port(text: str) -> int:
    """A TCP port a browser can open: 1-65535 (argparse turns the ValueError into a usage error)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 65535, got {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 1 to 65535, got {port}")
    return port


def _content(args: argparse.Namespace) -> Content:
    return load_content(args.content, region=args.region)


def _ids(args: argparse.Namespace, content: Content) -> list[str]:
    ids: list[str] = []
    for raw in args.ids:
        ids.extend(part for part in raw.replace(",", " ").split() if part)
    if not ids:
        raise _UsageError("no symptom ids given; see 'backlearn symptoms' for the ids you can use")
    for group in content.groups.values():  # the chooser allows one answer here (an age, how long): so do we
        picked = [sid for sid in dict.fromkeys(ids) if sid in group.symptoms]
        if group.choose == "one" and len(picked) > 1:
            raise _UsageError(f"{' and '.join(picked)} are both answers to '{group.label}'; pick one")
    return ids


def _cmd_topics(args: argparse.Namespace) -> int:
    content = _content(args)
    for topic in sorted(content.topics.values(), key=lambda t: t.number):
        print(f"{topic.number}. {topic.question}  [{topic.id}]")
        print(textwrap.fill(f"Verdict on the page's claim: {VERDICT_WORDS[topic.verdict]}. {topic.verdict_reason}",
                            88, initial_indent="   ", subsequent_indent="   "))
        print(f"   Notebook: notebooks/{topic.notebook}")
    return EXIT_OK


def _shown_if_plain(content: Content, sid: str) -> object:
    """A box's ``shown_if`` with its group's, as written in symptoms.yaml (null when always shown)."""
    symptom = content.symptoms[sid]
    rules = [r for r in (content.groups[symptom.group].shown_if, symptom.shown_if) if r is not None]
    if not rules:
        return None
    return to_plain(rules[0]) if len(rules) == 1 else {"all": [to_plain(r) for r in rules]}


def _cmd_symptoms(args: argparse.Namespace) -> int:
    content = _content(args)
    levels = symptom_levels(content)
    if args.json:
        rows = [
            {
                "id": s.id,
                "label": s.label,
                "group": s.group,
                "group_label": content.groups[s.group].label,
                "warning": s.warning,
                "triage": levels.get(s.id),
                # Shown only while this rule holds (its group's rule first), in the content's own words; or null.
                "shown_if": _shown_if_plain(content, s.id),
                "also_called": list(s.also_called),
            }
            for s in content.symptoms.values()
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    for group in content.groups.values():
        print(group.label)
        for sid in group.symptoms:
            level = levels.get(sid)
            tag = f"  ({content.levels[level].label.lower()})" if level else ""
            print(f"  {sid:<36} {content.symptoms[sid].label}{tag}")
        print()
    return EXIT_OK


def _assessed(args: argparse.Namespace) -> Assessment:
    """The assessment of the ids on the command line; an unknown id is a usage error."""
    content = _content(args)
    try:
        return assess(_ids(args, content), content)
    except ValueError as error:
        raise _UsageError(str(error)) from error


def _cmd_assess(args: argparse.Namespace) -> int:
    result = _assessed(args)
    fmt = "json" if args.json else args.format
    if fmt == "json":
        print(render_json(result))
    elif fmt == "md":
        print(render_markdown(result))
    else:
        print(render_text(result))
    return EXIT_OK


def _cmd_checklist(args: argparse.Namespace) -> int:
    result = _assessed(args)
    fmt = args.format or format_for(args.output)
    text = plan(result, fmt)
    if args.output is not None:
        path = _output_path(args.output, force=args.force, suffix=f".{fmt}")
        try:
            write_atomically(path, text)
        except OSError as error:
            raise _UsageError(f"cannot write {path}: {error.strerror or error}") from None
        print(f"Wrote your plan to {path}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _output_path(raw: str, *, force: bool, suffix: str = ".md") -> Path:
    """Where ``checklist -o`` may write: a new or (with ``--force``) existing regular file in an existing
    folder. Never a folder, a symlink or a device: replacing those would break the system or the link."""
    if not raw.strip():
        raise _UsageError("-o needs a file name")
    path = Path(raw)
    try:
        return _checked_output_path(path, force=force, suffix=suffix)
    except OSError as error:  # a name too long, a folder we may not look into
        raise _UsageError(f"cannot write {path}: {error.strerror or error}") from None


def _checked_output_path(path: Path, *, force: bool, suffix: str = ".md") -> Path:
    if path.is_symlink():
        raise _UsageError(f"{path} is a symbolic link; give the file itself, or another name")
    if path.is_dir():
        raise _UsageError(f"{path} is a folder; give a file name, e.g. {path / ('plan' + suffix)}")
    if path.exists():
        if not path.is_file():
            raise _UsageError(f"{path} is not a regular file (a device or pipe?); give a file name")
        if not force:
            raise _UsageError(f"{path} already exists; add --force to replace it")
    parent = path.parent
    if not parent.is_dir():
        raise _UsageError(f"folder {parent} does not exist; create it first")
    return path


def _cmd_validate(args: argparse.Namespace) -> int:
    # Read every file afresh, never the cache: every content file, short_mode.yaml and the teacher's included.
    content = load_content(args.path or args.content, region=args.region, cache=False)
    teacher = ""
    lessons: tuple[Any, ...] = ()
    from backlearn.content.teaching import TEACHING_FILES, load_teaching

    if any((content.path / name).exists() for name in TEACHING_FILES):  # a learner-only copy may leave them out
        teaching = load_teaching(content)  # the pack needs all three
        teacher = f", {len(teaching.lessons)} lesson plans, {len(teaching.glossary)} glossary words"
        lessons = tuple(teaching.lessons.values())
    unexplained = _unused_glossary_words(content, lessons)
    print(
        f"Content at {content.path} is valid: {len(content.regions)} regions, {len(content.symptoms)} symptoms, "
        f"{len(content.red_flags)} red flags, {len(content.guidance)} guidance items, "
        f"{len(content.checklists)} checklists, {len(content.topics)} topics, "
        f"{len(content.sources)} sources{teacher}."
    )
    if unexplained:
        print(f"Note: glossary.yaml explains words that nothing here uses: {', '.join(unexplained)}. "
              "Check their spelling and 'forms', or remove them.")
    return EXIT_OK


def _unused_glossary_words(content: Content, lessons: tuple[Any, ...]) -> tuple[str, ...]:
    """Glossary words used by no content, lesson page or lesson plan (a note, not an error)."""
    from backlearn.glossary import texts_of, unused_terms
    from backlearn.topic_pages import render_topic_markdown

    pages = [render_topic_markdown(topic, content, words="") for topic in content.topics.values()]
    return unused_terms(content, [*pages, *texts_of(lessons)])


def _cmd_app(args: argparse.Namespace) -> int:
    try:
        from backlearn.app import serve
    except ImportError as error:
        raise _UsageError(f"the app needs the 'app' extra: pip install 'backlearn[app]' ({error})") from error
    if args.region:
        _content(args)  # an unknown region stops here, before a server starts
    return int(serve(port=args.port, open_browser=not args.no_browser, plans_dir=args.plans_dir, region=args.region))


def _cmd_pack(args: argparse.Namespace) -> int:
    try:
        import jinja2  # noqa: F401  (the pack's pages are Jinja2 templates: backlearn.pages)
    except ImportError as error:
        raise _UsageError(
            f"the teacher pack needs the 'pages' extra: pip install 'backlearn[pages]' ({error})") from error
    from backlearn.content.teaching import load_teaching
    from backlearn.pack import PdfError, write_pack

    teaching = load_teaching(_content(args))
    try:
        written = write_pack(teaching, Path(args.output), pdf=not args.no_pdf, chromium=args.chromium)
    except PdfError as error:
        raise _UsageError(str(error)) from error
    pdfs = sum(1 for path in written if path.suffix == ".pdf")
    print(f"Wrote the teacher pack to {args.output}: {len(written) - pdfs} files and {pdfs} PDFs. "
          f"Open {Path(args.output) / 'index.html'} first.", file=sys.stderr)
    return EXIT_OK


COMMANDS = {
    "topics": _cmd_topics,
    "symptoms": _cmd_symptoms,
    "assess": _cmd_assess,
    "checklist": _cmd_checklist,
    "validate": _cmd_validate,
    "app": _cmd_app,
    "pack": _cmd_pack,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `backlearn` alone: what it can do, and a usage error's exit code (argparse's 2)
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except (_UsageError, UnknownRegionError) as error:
        print(f"backlearn: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as error:
        print(f"backlearn: {error}", file=sys.stderr)
        return EXIT_INVALID_CONTENT
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
