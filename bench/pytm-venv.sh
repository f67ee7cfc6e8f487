# Sourced by bench/compare.sh and bench/pytm.sh from the repository root:
# pytm $PYTM_VERSION in bench/.venv (python3-venv installed if missing).
PYTM_VERSION=1.4.0
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    echo "installing python3-venv" >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq python3-venv >/dev/null
fi
if [ ! -x bench/.venv/bin/python ]; then
    echo "creating bench/.venv" >&2
    python3 -m venv bench/.venv
fi
if ! bench/.venv/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('pytm') != '$PYTM_VERSION')" 2>/dev/null; then
    echo "installing pytm $PYTM_VERSION" >&2
    bench/.venv/bin/pip install -q --disable-pip-version-check "pytm==$PYTM_VERSION" >&2
fi
