#!/usr/bin/env bash
# Diagram stage against Graphviz: generates models of 100, 500 and 2,000
# elements, times vastc's layout + SVG emission (and DOT emission) on each,
# then times `dot -Tsvg` on the DOT vastc wrote for the same model.
#
# Usage: bench/diagrams.sh [SIZES...]   (default: 100 500 2000)
# DOT_TIMEOUT (seconds, default 900) bounds each Graphviz run.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 500 2000)
timeout_s=${DOT_TIMEOUT:-900}

if ! command -v dot >/dev/null; then
    echo "installing graphviz" >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq graphviz >/dev/null
fi

cargo build --release --quiet --example gen_model --example render_timing
target=${CARGO_TARGET_DIR:-target}
gen="$target/release/examples/gen_model"
timing="$target/release/examples/render_timing"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ms() { date +%s%N | awk '{ printf "%.1f", $1 / 1000000 }'; }

printf '%-9s %-7s %-11s %-14s %-10s %-12s %-10s\n' \
    elements flows "resolve ms" "layout+svg ms" "emit dot ms" "dot -Tsvg ms" "vastc/dot"
for n in "${sizes[@]}"; do
    "$gen" "$n" > "$work/gen-$n.vast"
    # Best of three for vastc (it is fast; noise dominates single runs).
    best=""
    for _ in 1 2 3; do
        line=$("$timing" "$work/gen-$n.vast" "$work/out-$n")
        svg_ms=$(echo "$line" | awk '{print $4}')
        if [ -z "$best" ] || awk -v a="$svg_ms" -v b="$(echo "$best" | awk '{print $4}')" 'BEGIN{exit !(a<b)}'; then
            best=$line
        fi
    done
    read -r elems flows resolve_ms svg_ms dot_emit_ms _ <<<"$best"
    start=$(now_ms)
    status=0
    timeout "$timeout_s" dot -Tsvg "$work/out-$n/operational.dot" -o "$work/out-$n/graphviz.svg" \
        2>"$work/dot-$n.err" || status=$?
    end=$(now_ms)
    if [ "$status" -eq 0 ]; then
        dot_ms=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b - a}')
        ratio=$(awk -v s="$svg_ms" -v d="$dot_ms" 'BEGIN{printf "%.4f", s / d}')
    elif [ "$status" -eq 124 ]; then
        dot_ms="timeout>${timeout_s}s"
        ratio="<$(awk -v s="$svg_ms" -v t="$timeout_s" 'BEGIN{printf "%.5f", s / (t * 1000)}')"
    else
        dot_ms="failed"
        ratio="-"
        echo "dot failed on $n elements: $(tail -n 2 "$work/dot-$n.err" | tr '\n' ' ')" >&2
    fi
    printf '%-9s %-7s %-11s %-14s %-10s %-12s %-10s\n' \
        "$elems" "$flows" "$resolve_ms" "$svg_ms" "$dot_emit_ms" "$dot_ms" "$ratio"
done
