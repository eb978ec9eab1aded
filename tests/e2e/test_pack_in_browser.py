"""The teacher pack in Chromium: every page renders, no sheet or card overflows its paper (A4 and
US Letter), nothing is fetched from the network, and the PDFs have one page per sheet.

Screenshots of a few pages go to test-artifacts/pack/ for docs/teaching.md.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from backlearn import load_content
from backlearn.content.teaching import load_teaching
from backlearn.pack import PAPERS, build, documents, write_pack

pytestmark = pytest.mark.e2e

SCREENSHOTS = ("lesson-when-to-get-help", "case-cards", "red-flag-poster", "quiz-key", "safeguarding")

MEASURE = """paper => {
  document.documentElement.dataset.paper = paper;
  const over = [];
  for (const el of document.querySelectorAll('.sheet, .card')) {
    if (el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth) {
      over.push(`${el.className} #${[...el.parentNode.children].indexOf(el) + 1}: ` +
                `${el.scrollHeight}x${el.scrollWidth} in ${el.clientHeight}x${el.clientWidth}`);
    }
  }
  return {sheets: document.querySelectorAll('.sheet').length, over};
}"""


@pytest.fixture(scope="module")
def teaching() -> Any:
    return load_teaching(load_content())


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory, teaching: Any) -> Path:
    folder = tmp_path_factory.mktemp("pack")
    write_pack(teaching, folder, pdf=False)
    return folder


def _page(browser: Any) -> tuple[Any, list[str]]:
    """A page that refuses and remembers every request that is not a local file."""
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    fetched: list[str] = []

    def route(handle: Any) -> None:
        if handle.request.url.startswith("file:"):
            handle.continue_()
        else:
            fetched.append(handle.request.url)
            handle.abort()

    page.route("**/*", route)
    return page, fetched


def test_every_page_renders_and_fits_a4_and_letter(browser, pack, teaching, artifacts):
    expected = {d.filename: len(d.sheets) for d in documents(teaching)}
    shots = artifacts.parent / "pack"
    shots.mkdir(parents=True, exist_ok=True)
    page, fetched = _page(browser)
    problems = []
    try:
        for name in build(teaching):
            page.goto((pack / name).as_uri())
            for paper in PAPERS:
                found = page.evaluate(MEASURE, paper)
                assert found["sheets"] == expected.get(name, 1), name
                problems += [f"{name} on {paper}: {o}" for o in found["over"]]
            stem = name.removesuffix(".html")
            if stem in SCREENSHOTS:
                page.evaluate("() => document.documentElement.dataset.paper = 'a4'")
                page.locator(".sheet").first.screenshot(path=str(shots / f"{stem}.png"))
    finally:
        page.close()
    assert not problems, "\n".join(problems)
    assert not fetched, f"the pack fetched from the network: {fetched}"


def test_pdfs_have_one_page_per_sheet_on_both_papers(teaching, tmp_path, browser):
    written = write_pack(teaching, tmp_path, browser=browser)
    pdfs = [p for p in written if p.suffix == ".pdf"]
    expected = {d.name: len(d.sheets) for d in documents(teaching)} | {"index": 1}
    assert len(pdfs) == 2 * len(expected)
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF"), pdf
        pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
        assert pages == expected[pdf.stem], f"{pdf.parent.name}/{pdf.name}: {pages} pages"
