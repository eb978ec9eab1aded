"""Printing the pack's HTML pages as PDF with headless Chromium (Playwright), on A4 and US Letter,
and the A3 wall poster on A3. Only file:// pages are loaded; nothing is fetched from the network.

Its names are public through :mod:`backlearn.pack`, the pack's one face (``print_with``, which
:func:`backlearn.pack.write_pack` uses with a browser already running, is this module's own)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from backlearn import places

#: Paper sizes the PDFs are printed on: (Playwright format, printable width and height in mm).
#: The @page margin is 12 mm; heights keep 1 mm spare so rounding never spills onto a new page.
PAPERS: dict[str, tuple[str, str, str]] = {
    "a4": ("A4", "186mm", "272mm"),
    "letter": ("Letter", "191.9mm", "254.4mm"),
}
#: The wall poster's paper (A3 is 297 x 420 mm; the same 12 mm margin).
WALL_PAPER: tuple[str, str, str] = ("A3", "272mm", "395mm")
MARGIN = "12mm"


class PdfError(RuntimeError):
    """The PDFs could not be printed (no Chromium or no Playwright)."""


def print_extras(folder: str | Path, chromium: str | Path | None = None) -> list[Path]:
    """Print the A3 wall poster (pdf/a3) and the large print (pdf/a4, pdf/letter) that
    :func:`backlearn.pack.write_pack` wrote to ``folder``; `make pack` runs this after `backlearn pack`."""
    folder = Path(folder)
    pages = sorted([*folder.glob("red-flag-poster-a3.html"), *folder.glob("large-print-*.html")])
    return print_pdfs(pages, folder / "pdf", chromium) if pages else []


def print_pdfs(pages: Sequence[Path], out: Path, chromium: str | Path | None = None) -> list[Path]:
    """Print each page with headless Chromium (``chromium``, else :func:`backlearn.places.chromium`) on A4
    and on US Letter. Only file:// is loaded."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise PdfError("printing PDFs needs Playwright: pip install playwright (or use --no-pdf)") from error
    chromium = Path(chromium) if chromium is not None else places.chromium()
    if not chromium.exists():
        raise PdfError(f"printing PDFs needs Chromium at {chromium}: run 'make browser', set "
                       f"${places.CHROMIUM_ENV} (or use --no-pdf)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"])
        try:
            return print_with(browser, pages, out)
        finally:
            browser.close()


def print_with(browser: Any, pages: Sequence[Path], out: Path) -> list[Path]:
    """Print each page with a Playwright browser already running (tests share one) into
    ``out``/<paper>/: the wall poster on A3, every other page on each of PAPERS."""
    from backlearn._files import write_bytes_atomically

    written = []
    page = browser.new_page()
    try:
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else route.abort())
        for html_file in pages:
            page.goto(html_file.resolve().as_uri())
            wall = page.evaluate("() => document.documentElement.classList.contains('wall')")
            papers = {"a3": (WALL_PAPER[0], "", "")} if wall else PAPERS
            for paper, (fmt, _, _) in papers.items():
                page.evaluate("paper => document.documentElement.dataset.paper = paper", paper)
                data = page.pdf(format=fmt, print_background=True, prefer_css_page_size=False,
                                margin={side: MARGIN for side in ("top", "right", "bottom", "left")})
                written.append(write_bytes_atomically(out / paper / html_file.with_suffix(".pdf").name, data))
    finally:
        page.close()
    return written
