"""The local hub's safety rules without starting a hub (deploy/local-hub/learners.py)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def learners():
    sys.path.insert(0, str(ROOT / "deploy" / "local-hub"))
    return importlib.import_module("learners")


def test_learners_never_run_as_root_and_a_shared_user_hub_stays_on_loopback(learners):
    learners.check_safe("127.0.0.1", separate=True, root=True)
    learners.check_safe("0.0.0.0", separate=True, root=True)
    learners.check_safe("127.0.0.1", separate=False, root=False)  # one person trying it out
    with pytest.raises(learners.HubSafetyError, match="every learner would run as root"):
        learners.check_safe("127.0.0.1", separate=False, root=True)
    with pytest.raises(learners.HubSafetyError, match="open the hub to the network"):
        learners.check_safe("0.0.0.0", separate=False, root=False)


def test_each_learner_gets_a_generated_password_kept_across_restarts(learners, tmp_path):
    class_file = tmp_path / "class.json"
    first = learners.add_learners(class_file, ["Ada", "ben", "# a comment", ""])
    assert sorted(first) == ["ada", "ben"] and first["ada"] != first["ben"]
    assert all(len(p) == 9 and p[4] == "-" for p in first.values())
    assert class_file.stat().st_mode & 0o777 == 0o600
    again = learners.add_learners(class_file, ["ben", "cara"])
    assert again["ada"] == first["ada"] and again["ben"] == first["ben"] and "cara" in again
    assert learners.password_matches(again, "ada", first["ada"])
    assert not learners.password_matches(again, "ben", first["ada"])
    assert not learners.password_matches(again, "eve", first["ada"])
    assert "ada" in learners.password_sheet(again) and first["ada"] in learners.password_sheet(again)


def test_names_that_cannot_be_system_users_are_refused(learners, tmp_path):
    assert learners.system_user("ada") == "jupyter-ada"
    for bad in ("../etc", "<img src=x>", "Root Name", "x" * 30, "-rf"):
        with pytest.raises(ValueError):
            learners.system_user(bad)
    with pytest.raises(ValueError):
        learners.add_learners(tmp_path / "class.json", ["a b"])
