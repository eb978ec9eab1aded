"""The local hub's safety rules without starting a hub (deploy/local-hub/learners.py)."""

from __future__ import annotations

import importlib
import subprocess
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


def test_sign_in_throttle_refuses_a_name_after_repeated_failures_then_lets_it_try_again(learners):
    now = [1000.0]
    throttle = learners.SignInThrottle(failures=3, lockout=60, clock=lambda: now[0])
    for _ in range(2):
        throttle.record("bob", ok=False)
    assert throttle.refused("bob") == 0, "two wrong passwords: bob may still try"
    throttle.record("bob", ok=False)
    assert throttle.refused("bob") == 60
    assert throttle.refused("ada") == 0, "per name: others are not slowed"
    now[0] += 61
    assert throttle.refused("bob") == 0
    throttle.record("bob", ok=False)  # one more failure after the lockout: twice as long
    assert throttle.refused("bob") == 120
    now[0] += 121
    throttle.record("bob", ok=True)  # the right password resets the count
    throttle.record("bob", ok=False)
    assert throttle.refused("bob") == 0


def test_removing_a_teacher_from_the_config_removes_them_from_the_group(tmp_path):
    """Review Low 1: JupyterHub's load_groups only adds; prune_group takes out who is no longer named."""
    orm = pytest.importorskip("jupyterhub.orm", reason="JupyterHub is not installed (pip install -e '.[hub]')")
    from backlearn.classresults.hubconfig import add_class_results, prune_group

    db_url = f"sqlite:///{tmp_path / 'jupyterhub.sqlite'}"
    assert prune_group(db_url, "teachers", ["alice"]) == [], "no database yet: nothing to do"
    session = orm.new_session_factory(db_url)()
    group = orm.Group(name="teachers")
    session.add(group)
    for name in ("ms-khan", "alice", "bob"):
        session.add(orm.User(name=name))
    session.commit()
    group.users = [orm.User.find(session, "ms-khan"), orm.User.find(session, "alice")]
    session.commit()
    session.close()

    class Section(dict):
        def __getattr__(self, key):
            return self.setdefault(key, [] if key in ("services", "load_roles") else {})

    config = Section(JupyterHub=Section(), Spawner=Section())
    add_class_results(config, db_url="sqlite://", teachers=["alice"], hub_db_url=db_url)
    assert config.JupyterHub.load_groups == {"teachers": {"users": ["alice"]}}
    session = orm.new_session_factory(db_url)()
    assert sorted(u.name for u in orm.Group.find(session, "teachers").users) == ["alice"]
    assert orm.User.find(session, "ms-khan") is not None, "the former teacher keeps their account"
    session.close()


def test_make_hub_output_redirected_to_a_file_is_made_private(tmp_path):
    """`make hub > hub.log` holds every password: run_hub makes the file 0600 whatever the umask."""
    log = tmp_path / "hub.log"
    log.write_text("")
    log.chmod(0o644)
    code = (f"import sys; sys.path.insert(0, {str(ROOT / 'deploy' / 'local-hub')!r}); "
            "import run_hub; run_hub._private_output()")
    with log.open("a") as out:
        subprocess.run([sys.executable, "-c", code], stdout=out, check=True)
    assert log.stat().st_mode & 0o777 == 0o600
