"""Writing the pack to a folder: its HTML files, the extras beside them, the content's licence and,
with Chromium, the PDFs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backlearn.content.teaching import TeachingContent
from backlearn.pack._documents import build, build_extras
from backlearn.pack.pdf import print_pdfs, print_with

__all__ = ["write_pack"]


def write_pack(
    teaching: TeachingContent,
    folder: str | Path,
    *,
    pdf: bool = True,
    chromium: str | Path | None = None,
    browser: Any = None,
    extra_pdfs: bool = False,
) -> list[Path]:
    """Write the pack's HTML (and PDFs in pdf/a4 and pdf/letter) to ``folder``; return the files written.

    The slides, the A3 poster and the large print are written too; ``extra_pdfs`` also prints the
    last two (pdf/a3, and large print on A4 and Letter). ``browser`` is a Playwright browser
    already running (tests share one); without it ``chromium`` is started (default: ``$BACKLEARN_CHROMIUM``,
    else Debian's, :func:`backlearn.places.chromium`).
    """
    from backlearn._files import write_atomically

    folder = Path(folder)
    written = [write_atomically(folder / name, text) for name, text in build(teaching).items()]
    extras = [write_atomically(folder / name, text) for name, text in build_extras(teaching).items()]
    licence = teaching.content.path / "LICENSE"
    if licence.is_file():
        written.append(write_atomically(folder / "LICENSE.txt", licence.read_text(encoding="utf-8")))
    if pdf:
        pages = [p for p in written if p.suffix == ".html"]
        if extra_pdfs:
            pages += [p for p in extras if not p.name.startswith("slides-")]
        written += extras
        if browser is not None:
            written += print_with(browser, pages, folder / "pdf")
        else:
            written += print_pdfs(pages, folder / "pdf", chromium)
    else:
        written += extras
    return written
