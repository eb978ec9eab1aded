"""The GitHub Actions workflow that publishes the course site, checked here since this machine
cannot reach GitHub: the YAML parses, it uses GitHub's official Pages actions with the permissions
they need, its build step is exactly the `make site` target the site tests build, its zip step
makes a zip that unpacks to the site, and the addresses it prints come from the repository."""

from __future__ import annotations

import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
sys.path.insert(0, str(ROOT))

from tools.site_address import END, START, Addresses, main, parse_remote, write_badges  # noqa: E402


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _step(workflow: dict, name: str) -> dict:
    return next(s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == name)


def _uses(job: dict) -> list[str]:
    return [s["uses"].split("@")[0] for s in job["steps"] if "uses" in s]


def test_builds_on_push_to_main_and_on_release(workflow):
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["on"]["release"]["types"] == ["published"]
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}


def test_deploys_with_the_official_pages_actions(workflow):
    jobs = workflow["jobs"]
    assert {"actions/checkout", "actions/upload-pages-artifact", "actions/cache"} <= set(_uses(jobs["build"]))
    assert _uses(jobs["deploy"]) == ["actions/deploy-pages"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert jobs["deploy"]["needs"] == "build" and jobs["release"]["needs"] == "build"
    pages = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert pages["with"]["path"] == "site"
    assert jobs["release"]["permissions"] == {"contents": "write"}
    assert "backlearn-site.zip" in jobs["release"]["steps"][-1]["run"]
    # The cache key is the one docs/deploy.md asks CI to use.
    cache = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/cache"))
    assert cache["with"] == {"path": ".site-cache", "key": "site-${{ hashFiles('site_build/pins.toml') }}"}


def test_the_build_step_is_the_make_site_target_the_site_tests_build(workflow):
    command = shlex.split(_step(workflow, "Build the site")["run"])
    assert command[:2] == ["make", "site"] and all(arg.startswith("PYTHON=") for arg in command[2:])
    # Run its command here, as far as make can without a network: the dry run names the site build.
    done = subprocess.run(["make", "-n", *command[1:]], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "-m site_build --notebooks build/learner-notebooks" in done.stdout
    assert "site-test: site" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_zip_step_makes_a_zip_that_unpacks_to_the_site(workflow, tmp_path: Path):
    site = tmp_path / "site"
    (site / "lab").mkdir(parents=True)
    (site / "index.html").write_text("<p>course</p>", encoding="utf-8")
    (site / "lab" / "index.html").write_text("<p>lab</p>", encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")
    command = _step(workflow, "Zip the site")["run"].replace("python3", shlex.quote(sys.executable), 1)
    subprocess.run(command, shell=True, cwd=tmp_path, check=True)
    with zipfile.ZipFile(tmp_path / "backlearn-site.zip") as archive:
        archive.extractall(tmp_path / "unpacked")
    assert (tmp_path / "unpacked" / "site" / "lab" / "index.html").read_text(encoding="utf-8") == "<p>lab</p>"
    assert (tmp_path / "unpacked" / "site" / ".nojekyll").exists()


def test_the_summary_step_prints_the_addresses_worked_out_from_the_repository(workflow, capsys):
    run = _step(workflow, "The addresses to hand out")["run"]
    assert "tools/site_address.py" in run and "github.repository" in run and "GITHUB_STEP_SUMMARY" in run
    assert main(["--repo", "Some-School/backlearn", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert "https://some-school.github.io/backlearn/lab/index.html?path=00_start_here.ipynb" in out
    assert "https://mybinder.org/v2/gh/Some-School/backlearn/HEAD?labpath=notebooks%2F00_start_here.ipynb" in out


@pytest.mark.parametrize("remote", [
    "https://github.com/Some-School/backlearn.git",
    "https://github.com/Some-School/backlearn",
    "git@github.com:Some-School/backlearn.git",
    "ssh://git@github.com/Some-School/backlearn.git",
])
def test_the_address_comes_from_any_form_of_the_remote(remote):
    assert parse_remote(remote) == Addresses("Some-School", "backlearn")
    assert parse_remote(remote).pages == "https://some-school.github.io/backlearn/"


def test_a_user_site_repository_is_served_at_the_root_and_other_hosts_are_refused():
    assert Addresses("ada", "ada.github.io").pages == "https://ada.github.io/"
    assert parse_remote("https://gitlab.com/a/b.git") is None
    assert parse_remote("/srv/git/backlearn") is None


def test_write_puts_the_badges_between_the_markers(tmp_path: Path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# backlearn\n\n{START}\nold words\n{END}\n\nMore.\n", encoding="utf-8")
    assert write_badges(readme, Addresses("Some-School", "backlearn"))
    text = readme.read_text(encoding="utf-8")
    assert "old words" not in text and text.endswith("\n\nMore.\n")
    assert "(https://some-school.github.io/backlearn/lab/index.html?path=00_start_here.ipynb)" in text
    assert not write_badges(readme, Addresses("Some-School", "backlearn"))


def test_no_owner_left_for_a_reader_to_fix_by_hand():
    for name in ("README.md", "docs/deploy.md"):
        assert "OWNER" not in (ROOT / name).read_text(encoding="utf-8"), name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count(START) == 1 and readme.count(END) == 1
