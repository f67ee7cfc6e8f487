#!/usr/bin/env bash
# vastc and pytm side by side on pytm's own example model (issue 21):
# installs pytm (PyPI, in bench/.venv) when missing, builds vastc in
# release, then runs bench/pytm.py, which prints Markdown on stdout: pytm's
# findings by threat class, vastc's findings by rule on the imported and the
# hand-written model (tests/fixtures/interchange/pytm/), the classes only one
# side finds (bench/pytm-classes.tsv) and the times.
#
# Usage: bench/pytm.sh [--runs 5] [--vastc PATH]
# (arguments go to bench/pytm.py; `bench/pytm.py --help` lists them; with
# --vastc the release build is skipped).
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/pytm-venv.sh

case " $* " in
    *" --vastc "*) exec python3 bench/pytm.py --python bench/.venv/bin/python "$@" ;;
esac
echo "building vastc (release)" >&2
cargo build --release --quiet --bin vastc
target=${CARGO_TARGET_DIR:-target}
exec python3 bench/pytm.py --vastc "$target/release/vastc" --python bench/.venv/bin/python "$@"
