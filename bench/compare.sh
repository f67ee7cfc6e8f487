#!/usr/bin/env bash
# vastc against pytm and Graphviz on the same generated architecture (issue 8):
# installs Graphviz (apt) and pytm (PyPI, in bench/.venv) when missing, builds
# vastc and the generator (examples/gen_peers.rs) in release, then runs
# bench/compare.py, which prints a Markdown table on stdout.
#
# Usage: bench/compare.sh [--sizes 200 1000 5000] [--runs 5] [--timeout 120]
#                         [--big 10000] [--big-timeout 600] [--work DIR]
# (arguments go to bench/compare.py; `bench/compare.py --help` lists them).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dot >/dev/null; then
    echo "installing graphviz" >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq graphviz >/dev/null
fi
. bench/pytm-venv.sh

echo "building vastc and gen_peers (release)" >&2
cargo build --release --quiet --bin vastc --example gen_peers
target=${CARGO_TARGET_DIR:-target}

exec python3 bench/compare.py \
    --vastc "$target/release/vastc" \
    --gen "$target/release/examples/gen_peers" \
    --python bench/.venv/bin/python \
    "$@"
