"""Adds the class-results service to a JupyterHub config: one call from each deployment's config file.

    from backlearn.classresults.hubconfig import add_class_results
    add_class_results(c, db_url="sqlite:///.../class-results.sqlite", teachers=["ms-khan"])

What it sets, and why:

- the managed service ``class-results`` (the hub starts and stops it, and gives it its token);
- the built-in ``user`` role gains ``access:services!service=class-results``, so every learner
  may reach the service with their own identity (the hub's default gives users no service);
- the ``server`` role (each learner's server token, which their kernels see as
  ``$JUPYTERHUB_API_TOKEN``) gains the same scope and nothing more, so the widgets can post;
- the service's own role may read users (to see who is an admin or in the teacher group);
- the teacher group, with the named teachers in it, and (given the hub's database) nobody else:
  JupyterHub's ``load_groups`` only ever adds, so a name removed from the teachers would otherwise
  keep reading the class results;
- ``BACKLEARN_CLASS_RESULTS_URL`` in every learner's environment: the widgets post only when it is set.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from backlearn import places

__all__ = ["SERVICE", "add_class_results", "prune_group"]

SERVICE = "class-results"

#: The default scopes of JupyterHub's ``user`` and ``server`` roles (jupyterhub/roles.py), kept when
#: the service's access scope is added to them.
_USER_SCOPES = ["self"]
_SERVER_SCOPES = ["users:activity!user", "access:servers!server"]


def add_class_results(
    c: Any,
    *,
    db_url: str,
    port: int = 0,
    host: str = "127.0.0.1",
    bind: str = "",
    teacher_group: str = "teachers",
    teachers: Iterable[str] = (),
    python: str = sys.executable,
    hub_db_url: str | None = None,
) -> str:
    """Configure the service on config ``c``; return the URL learners' kernels post to.

    ``port`` 0 picks a free one on ``host`` (the proxy and the kernels learn it from the config);
    ``host`` is where the hub's machine or pod is reachable from learners' servers; ``bind`` is
    the address the service listens on (default ``host``; "0.0.0.0" in a Kubernetes pod).
    ``hub_db_url``: the hub's own database (``c.JupyterHub.db_url``); when given, members of the
    teacher group who are no longer in ``teachers`` are taken out of it before the hub starts.
    """
    chosen = port or places.free_port(bind or host)
    access = f"access:services!service={SERVICE}"
    c.JupyterHub.services.append({
        "name": SERVICE,
        "url": f"http://{host}:{chosen}",
        "command": [python, "-m", "backlearn.classresults.service"],
        "environment": {
            places.RESULTS_DB_ENV: db_url,
            places.TEACHER_GROUP_ENV: teacher_group,
            places.RESULTS_BIND_ENV: bind or host,
        },
        "oauth_no_confirm": True,
        "display": True,
    })
    c.JupyterHub.load_roles.extend([
        {"name": "user", "scopes": [*_USER_SCOPES, access]},
        {"name": "server", "scopes": [*_SERVER_SCOPES, access]},
        {"name": f"{SERVICE}-service", "description": "see who is a teacher", "scopes": ["read:users"],
         "services": [SERVICE]},
    ])
    teachers = list(teachers)
    c.JupyterHub.load_groups.update({teacher_group: {"users": teachers}})
    if hub_db_url:
        prune_group(hub_db_url, teacher_group, teachers)
    url = f"http://{host}:{chosen}/services/{SERVICE}/"
    c.Spawner.environment.update({places.CLASS_RESULTS_URL_ENV: url})
    if "KubeSpawner" in c and "environment" in c.KubeSpawner:  # z2jh sets its own, which wins over Spawner's
        c.KubeSpawner.environment.update({places.CLASS_RESULTS_URL_ENV: url})
    return url


def prune_group(hub_db_url: str, group: str, keep: Iterable[str]) -> list[str]:
    """Take every member not in ``keep`` out of hub group ``group``, in the hub's database, before the
    hub starts; returns their names. Nothing happens when the database or the group does not exist yet."""
    import sqlalchemy as sa

    url = sa.engine.make_url(hub_db_url)
    if url.get_backend_name() == "sqlite" and (not url.database or not Path(url.database).exists()):
        return []
    kept = {name.strip().lower() for name in keep}
    engine = sa.create_engine(hub_db_url)
    try:
        with engine.begin() as conn:
            if not {"groups", "users", "user_group_map"} <= set(sa.inspect(conn).get_table_names()):
                return []
            rows = conn.execute(
                sa.text(
                    "SELECT u.id, u.name, g.id FROM users u JOIN user_group_map m ON m.user_id = u.id "
                    "JOIN groups g ON g.id = m.group_id WHERE g.name = :group"
                ),
                {"group": group},
            ).all()
            gone = [(user_id, name, group_id) for user_id, name, group_id in rows if name.lower() not in kept]
            for user_id, _, group_id in gone:
                conn.execute(
                    sa.text("DELETE FROM user_group_map WHERE user_id = :user AND group_id = :group"),
                    {"user": user_id, "group": group_id},
                )
    finally:
        engine.dispose()
    return [name for _, name, _ in gone]
