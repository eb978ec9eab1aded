"""JupyterHub config snippet for The Littlest JupyterHub, copied by install-backlearn.sh into
TLJH's ``config/jupyterhub_config.d/backlearn.py`` (TLJH loads every ``*.py`` there).

After log-in every learner lands in the start notebook, in their own copy of the notebooks.
"""

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (provided by JupyterHub)

c.Spawner.default_url = "/lab/tree/backlearn-notebooks/00_start_here.ipynb"
# A burst of log-ins at the start of a lesson: give slow starts time (see benchmarks/results.md).
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120

# -- class results: a hub service gathering case levels and quiz answers (docs/class-results.md) --
# Runs with TLJH's hub Python, so install-backlearn.sh installs backlearn there too. The teacher is
# a TLJH admin (tljh-config add-item users.admin NAME) or in the group "teachers". Answers go to a
# SQLite file under TLJH's state folder, or to BACKLEARN_RESULTS_DB (e.g. postgresql://...).
import os  # noqa: E402

from backlearn.classresults.hubconfig import add_class_results  # noqa: E402

add_class_results(
    c,
    db_url=os.environ.get("BACKLEARN_RESULTS_DB") or "sqlite:////opt/tljh/state/backlearn-class-results.sqlite",
    port=10101,
)
