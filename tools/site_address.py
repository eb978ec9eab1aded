"""The course's public addresses, worked out from where the repository lives.

GitHub Pages serves a repository ``ACCOUNT/NAME`` at ``https://account.github.io/NAME/`` (or at the
root for a repository named ``account.github.io``), and Binder opens it at
``https://mybinder.org/v2/gh/ACCOUNT/NAME/HEAD``. Both follow from ``git remote get-url origin``, so
nobody has to type an account name into the README by hand.

    python tools/site_address.py                # print the addresses (from origin)
    python tools/site_address.py --repo a/b     # for another repository
    python tools/site_address.py --markdown     # the links as Markdown (the workflow's summary)
    python tools/site_address.py --write        # put the badges in README.md between the markers

Exit code 2 when the address cannot be worked out (no origin, or origin is not on GitHub).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- site-address:start -->", "<!-- site-address:end -->"
LESSON = "lab/index.html?path=00_start_here.ipynb"
APP = "notebooks/index.html?path=app.ipynb"
BINDER_PATH = "?labpath=notebooks%2F00_start_here.ipynb"

_GITHUB = re.compile(
    r"^(?:https?://(?:[^@/]+@)?github\.com/|ssh://git@github\.com/|git@github\.com:)"
    r"(?P<owner>[A-Za-z0-9][A-Za-z0-9-]*)/(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)


@dataclass(frozen=True, slots=True)
class Addresses:
    """Where the published course is, for one GitHub repository."""

    owner: str
    name: str

    @property
    def pages(self) -> str:
        host = f"{self.owner.lower()}.github.io"
        return f"https://{host}/" if self.name.lower() == host else f"https://{host}/{self.name}/"

    @property
    def binder(self) -> str:
        return f"https://mybinder.org/v2/gh/{self.owner}/{self.name}/HEAD{BINDER_PATH}"

    @property
    def repository(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}"

    def badges(self) -> str:
        """The README's two badges, between the markers that --write replaces."""
        return (
            f"{START}\n"
            f"[![Open the course in your browser](https://jupyterlite.rtfd.io/en/latest/_static/badge.svg)]"
            f"({self.pages}{LESSON})\n"
            f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({self.binder})\n"
            f"{END}"
        )

    def markdown(self) -> str:
        """The addresses to hand out, as the workflow's run summary shows them."""
        return (
            "## The course's addresses\n\n"
            f"Worked out from the repository {self.repository}:\n\n"
            f"- Lessons (put this on the board): {self.pages}{LESSON}\n"
            f"- The app view, code hidden: {self.pages}{APP}\n"
            f"- Binder: {self.binder}\n"
        )


def parse_remote(url: str) -> Addresses | None:
    """The GitHub repository a remote address names (https or ssh form), or None."""
    match = _GITHUB.match(url.strip())
    return Addresses(match["owner"], match["name"]) if match else None


def origin(folder: Path = ROOT) -> str:
    """``git remote get-url origin`` in ``folder``, or '' when there is none."""
    try:
        done = subprocess.run(["git", "-C", str(folder), "remote", "get-url", "origin"],
                              capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def write_badges(readme: Path, addresses: Addresses) -> bool:
    """Replace the block between the markers in ``readme``; return whether the file changed."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{readme.name}: expected the markers {START} and {END} around the badges")
    new = text[:start] + addresses.badges() + text[end + len(END):]
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", metavar="ACCOUNT/NAME", help="the GitHub repository (default: from origin)")
    parser.add_argument("--markdown", action="store_true", help="print the addresses as Markdown")
    parser.add_argument("--write", action="store_true", help="write the badges into README.md")
    args = parser.parse_args(argv)
    remote = f"https://github.com/{args.repo}" if args.repo else origin()
    addresses = parse_remote(remote)
    if addresses is None:
        where = f"origin is {remote!r}" if remote else "this clone has no remote called origin"
        print(f"error: cannot work out the course's address: {where}, not a GitHub repository. "
              "Pass --repo ACCOUNT/NAME, or add the remote: git remote add origin "
              "https://github.com/ACCOUNT/NAME.git", file=sys.stderr)
        return 2
    if args.write:
        changed = write_badges(ROOT / "README.md", addresses)
        print(f"README.md badges {'written' if changed else 'already up to date'} for {addresses.repository}")
        return 0
    if args.markdown:
        print(addresses.markdown())
        return 0
    print(f"Repository: {addresses.repository}")
    print(f"Lessons:    {addresses.pages}{LESSON}")
    print(f"App view:   {addresses.pages}{APP}")
    print(f"Binder:     {addresses.binder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
