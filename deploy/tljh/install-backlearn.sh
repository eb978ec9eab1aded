#!/usr/bin/env bash
# Set up backlearn on The Littlest JupyterHub (TLJH). Run once as root on the TLJH server,
# from a copy of the backlearn repository (git clone ... && cd backlearn):
#
#     sudo deploy/tljh/install-backlearn.sh
#
# What it does:
#   1. pip-installs backlearn (with the notebooks and Voilà extras) into TLJH's user
#      environment, so every learner's kernel can `import backlearn`;
#   2. puts the notebooks in /etc/skel/backlearn-notebooks, which TLJH copies into each new
#      learner's home, and into the homes of learners who already exist (never overwriting);
#   3. drops a JupyterHub config snippet that opens the start notebook after log-in;
#   4. sets a memory limit per learner from the load test (benchmarks/results.md) and culls
#      idle servers after an hour; then reloads the hub.
#
# Settings (environment variables, all optional):
#   TLJH_PREFIX         where TLJH lives (default /opt/tljh, the TLJH default)
#   BACKLEARN_MEMORY    memory limit per learner (default 640M)
#   BACKLEARN_PASSWORD  if set: log in with any user name and this shared class password
#                       (JupyterHub 5.3+; otherwise keep TLJH's own authenticator)
#   BACKLEARN_REGION    if set: the class's country or region (uk, us, ca, ie, au, nz, eu), whose
#                       emergency number and services every notebook names; unset, each learner
#                       picks theirs in the start notebook (default uk)
# Idempotent: run it again after `git pull` to update backlearn and add new notebooks.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
prefix="${TLJH_PREFIX:-/opt/tljh}"
user_pip="$prefix/user/bin/pip"
memory="${BACKLEARN_MEMORY:-640M}"

if [ "$(id -u)" -ne 0 ]; then echo "error: run as root (sudo $0)" >&2; exit 1; fi
if [ ! -x "$user_pip" ] || ! command -v tljh-config >/dev/null 2>&1; then
    echo "error: TLJH not found under $prefix; install it first: https://tljh.jupyter.org" >&2
    exit 1
fi
if [ ! -f "$repo/pyproject.toml" ] || [ ! -d "$repo/notebooks" ]; then
    echo "error: run this from a copy of the backlearn repository" >&2
    exit 1
fi

echo "== 1. backlearn into the learners' environment"
"$user_pip" install --no-cache-dir --upgrade "$repo[app]"
"$prefix/user/bin/python" -c "import backlearn.widgets; print('backlearn', __import__('backlearn').__version__)"
# The class-results service runs inside the hub's own environment (config snippet, step 3).
"$prefix/hub/bin/pip" install --no-cache-dir --upgrade "$repo"

echo "== 2. the notebooks for every learner (the learner edition: teacher-tagged answers removed)"
edition="$(mktemp -d)"
trap 'rm -rf "$edition"' EXIT
"$prefix/user/bin/jupyter" nbconvert --config "$repo/deploy/learner-edition.json" --output-dir "$edition" \
    "$repo"/notebooks/*.ipynb
mkdir -p /etc/skel/backlearn-notebooks
cp -rn "$edition/." /etc/skel/backlearn-notebooks/
for home in /home/jupyter-*; do
    [ -d "$home" ] || continue
    owner="$(stat -c %U "$home")"
    mkdir -p "$home/backlearn-notebooks"
    cp -rn "$edition/." "$home/backlearn-notebooks/"
    chown -R "$owner:$owner" "$home/backlearn-notebooks"
done

echo "== 3. open the start notebook after log-in"
mkdir -p "$prefix/config/jupyterhub_config.d"
cp "$here/backlearn_tljh_config.py" "$prefix/config/jupyterhub_config.d/backlearn.py"
region_snippet="$prefix/config/jupyterhub_config.d/backlearn-region.py"
if [ -n "${BACKLEARN_REGION:-}" ]; then
    case "$BACKLEARN_REGION" in *[!a-z0-9_]*) echo "error: BACKLEARN_REGION is an id such as us" >&2; exit 1;; esac
    printf 'c = get_config()  # noqa: F821\nc.Spawner.environment["BACKLEARN_REGION"] = "%s"\n' "$BACKLEARN_REGION" > "$region_snippet"
else
    rm -f "$region_snippet"
fi

echo "== 4. limits, culling, log-in"
tljh-config set limits.memory "$memory"
tljh-config set services.cull.enabled true
tljh-config set services.cull.timeout 3600
if [ -n "${BACKLEARN_PASSWORD:-}" ]; then
    tljh-config set auth.type shared-password
    tljh-config set auth.SharedPasswordAuthenticator.user_password "$BACKLEARN_PASSWORD"
    tljh-config set auth.SharedPasswordAuthenticator.allow_all true
fi
tljh-config reload hub

echo
echo "Done. Learners log in at http://THIS-SERVER/ and land in backlearn-notebooks/00_start_here.ipynb."
echo "The symptom explorer as an app (Voilà): http://THIS-SERVER/user/NAME/voila/render/backlearn-notebooks/08_symptom_explorer.ipynb"
