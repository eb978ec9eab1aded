"""JupyterHub config snippet for The Littlest JupyterHub, copied by install-backlearn.sh into
TLJH's ``config/jupyterhub_config.d/backlearn.py`` (TLJH loads every ``*.py`` there).

After log-in every learner lands in the start notebook, in their own copy of the notebooks.
"""

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (provided by JupyterHub)

c.Spawner.default_url = "/lab/tree/backlearn-notebooks/00_start_here.ipynb"
# A burst of log-ins at the start of a lesson: give slow starts time (see benchmarks/results.md).
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
