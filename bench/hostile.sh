#!/usr/bin/env bash
# The scale case of issue 14: a generated 1,000-element model
# (examples/gen_model.rs) plus 300 one-line scenarios, each compromising one
# element, built in release. Prints the wall time, peak memory (RSS) and the
# total size of the outputs; the goal is at most 150 MB written in under 10 s.
#
# Usage: bench/hostile.sh [ELEMENTS] [SCENARIOS] [WORKDIR]
# Needs /usr/bin/time (Debian/Ubuntu package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."

elements=${1:-1000}
scenarios=${2:-300}
work=${3:-$(mktemp -d)}
mkdir -p "$work"

echo "building vastc and gen_model (release)" >&2
cargo build --release --quiet --bin vastc --example gen_model
target=${CARGO_TARGET_DIR:-target}

model="$work/hostile.vast"
"$target/release/examples/gen_model" "$elements" >"$model"
# One scenario per element, round-robin over the model's elements.
grep -oE '^\s*(actor|process|store) [A-Za-z0-9_-]+' "$model" | awk '{print $2}' |
    awk -v n="$scenarios" '{ids[NR]=$1} END {for (i = 0; i < n; i++) printf "scenario s%d { compromise %s }\n", i, ids[(i * 7) % NR + 1]}' \
        >>"$model"

out="$work/out"
rm -rf "$out"
/usr/bin/time -v "$target/release/vastc" build "$model" -o "$out" >/dev/null 2>"$work/time.txt" || {
    cat "$work/time.txt" >&2
    exit 1
}
wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$work/time.txt")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
bytes=$(find "$out" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
biggest=$(find "$out" -type f -printf '%s %f\n' | sort -rn | head -3 | awk '{printf "%s %.1f MB; ", $2, $1 / 1e6}')
printf 'input: %s bytes (%s elements, %s scenarios)\n' "$(wc -c <"$model")" "$elements" "$scenarios"
printf 'wall time: %s\n' "$wall"
printf 'peak RSS: %.0f MB\n' "$(awk -v k="$rss" 'BEGIN {print k / 1024}')"
printf 'output: %s files, %.1f MB (largest: %s)\n' "$(find "$out" -type f | wc -l)" "$(awk -v b="$bytes" 'BEGIN {print b / 1e6}')" "$biggest"
