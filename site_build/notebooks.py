"""The site's edition of the notebooks.

Outputs and stored widget states are cleared (the learner's browser runs every cell), the kernel
is the browser's Python, lesson 10 says that it needs the internet and where the diary is kept,
and the app view is the app notebook with its code hidden. Notebooks are nbformat's nodes (read with
``nbformat.read(..., as_version=4)``), so a cell's source is one string and what is written is checked.
"""

from __future__ import annotations

import copy

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell

#: The kernel the site runs (Pyodide), so JupyterLite does not ask which kernel to use.
KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}

#: The file name of lesson 10 (the diary), which needs pandas and matplotlib from Pyodide's CDN.
DIARY_LESSON = "10_pain_diary.ipynb"

#: What lesson 10 says on the site: what this build fetches and where the browser keeps the diary. It
#: describes the build, which no edit to data/ changes, so it stays here (docs/architecture.md).
ONLINE_NOTE = """\
> **In the web version of the course, this lesson needs the internet.** The tables and charts use two
> tools, pandas and matplotlib. They are too big to ship with the course, so the next cell fetches them
> from Pyodide's server (cdn.jsdelivr.net), about 20 MB the first time. With no internet, that cell
> says so, the table and the chart say they are waiting, and the rest of the lesson still runs. The
> other lessons work with no internet at all.
>
> **Your diary stays in this browser.** In the web version, *Keep your own diary* (at the end) saves it
> in this browser's storage on this computer, not on a server. Another computer or browser will not see
> it, and clearing the browser's data deletes it. Press **Download my diary** to keep a copy as a CSV file
> that opens in a spreadsheet."""

ONLINE_LOAD = """\
# Fetch pandas and matplotlib from Pyodide's server: this needs the internet.
import pyodide_js

try:
    await pyodide_js.loadPackage(["pandas", "matplotlib"])
    import matplotlib
    import pandas
    WEB_TOOLS = True
    print("Ready: the charts and tables can be drawn.")
except Exception:
    WEB_TOOLS = False
    print("No internet: this lesson needs an internet connection to fetch pandas and matplotlib for its "
          "tables and charts. Connect to the internet and run this cell again. The rest of the lesson still "
          "runs: the table and the chart say they are waiting.")"""

#: What a cell that needs pandas or matplotlib says instead, with no internet.
OFFLINE_CELL = (
    'print("This table or chart needs the internet: connect, then run the cell at the top of the lesson '
    'again, and then this one.")'
)
#: Calls in lesson 10 that need pandas or matplotlib (fetched from the internet on the site).
NEEDS_WEB_TOOLS = ("weekly_summary(", "plot_diary(")


def _guarded(source: str) -> str:
    """A cell that needs pandas or matplotlib, run only when the loader fetched them (else it says so),
    so Run All goes on to the end with no internet. Line magics cannot sit inside ``if``: dropped."""
    body = [line for line in source.splitlines() if not line.startswith("%")]
    inner = "\n".join(("    " + line) if line.strip() else "" for line in body)
    return f"if WEB_TOOLS:\n{inner}\nelse:\n    {OFFLINE_CELL}"


OWN_DIARY_NOTE = """\
## Keep your own diary (web version)

This form saves to `my-diary.csv`, in this browser's storage on this computer. It is still there when you
come back in the same browser. To keep a copy on your computer, run the cell under the form after you
save, then press **Download my diary**."""

OWN_DIARY_FORM = """\
from backlearn import DiaryForm

my_diary = DiaryForm("my-diary.csv")
my_diary"""

OWN_DIARY_DOWNLOAD = """\
from IPython.display import HTML

from backlearn import download_link_html

HTML(download_link_html("my-diary.csv", label="Download my diary (CSV)"))"""

#: The one line a hidden code cell still shows (its first line): a label, not code.
APP_CODE_LABEL = "# The symptom explorer and the seven questions (the code is hidden)\n"

APP_NOTE = """\
**To start, open the Run menu above and choose Run All Cells.** The first time, the page loads Python into
your browser, which takes about 15 seconds. Nothing you tick leaves this computer."""


def clear(notebook: NotebookNode) -> NotebookNode:
    """A copy with no outputs, no stored widget state, and the browser's kernel."""
    result = copy.deepcopy(notebook)
    for cell in result.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    result.metadata.pop("widgets", None)
    result.metadata.kernelspec = nbformat.from_dict(KERNELSPEC)
    return result


def _heading_index(cells: list[NotebookNode], heading: str) -> int:
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith(heading):
            return index
    return len(cells)


def diary_lesson(notebook: NotebookNode) -> NotebookNode:
    """Lesson 10 for the site: the internet note and the loader after the title, and a diary of
    the learner's own (kept in browser storage, with a download link) before "Talk about it"."""
    result = clear(notebook)
    cells = result.cells
    for cell in cells:
        if cell.cell_type == "code" and any(call in cell.source for call in NEEDS_WEB_TOOLS):
            cell.source = _guarded(cell.source)
    cells[1:1] = [new_markdown_cell(ONLINE_NOTE, id="site-online-note"),
                  new_code_cell(ONLINE_LOAD, id="site-online-load")]
    at = _heading_index(cells, "## Talk about it")
    # Learners' copies for class (make learner-notebooks MODE=class) practise on Sam's diary only in
    # class: their own diary is for home, and its heading says so.
    in_class = any("class-mode" in cell.metadata.get("tags", []) for cell in cells)
    note = OWN_DIARY_NOTE.replace("## Keep your own diary (web version)",
                                  "## At home: your own diary (web version)") if in_class else OWN_DIARY_NOTE
    cells[at:at] = [
        new_markdown_cell(note, id="site-own-diary"),
        new_code_cell(OWN_DIARY_FORM, id="site-own-diary-form"),
        new_code_cell(OWN_DIARY_DOWNLOAD, id="site-own-diary-download"),
    ]
    return result


def app_view(notebook: NotebookNode) -> NotebookNode:
    """The app notebook with its code hidden and a first line saying how to start it."""
    result = clear(notebook)
    for cell in result.cells:
        if cell.cell_type == "code":
            code = cell.source.splitlines(True)
            while code and code[0].startswith("#"):
                code.pop(0)
            cell.source = "".join([APP_CODE_LABEL, *code])
            cell.metadata.setdefault("jupyter", NotebookNode())["source_hidden"] = True
    result.cells.insert(1, new_markdown_cell(APP_NOTE, id="site-app-start"))
    return result


def site_edition(name: str, notebook: NotebookNode) -> NotebookNode:
    """The notebook as the site ships it."""
    return diary_lesson(notebook) if name == DIARY_LESSON else clear(notebook)
