#!/usr/bin/env bash
# Legibility of vastc's operational diagram against Graphviz 16.1 on the same
# graph (issue 16). For each model, vastc builds the diagrams; Graphviz
# (@hpcc-js/wasm-graphviz from npm, under node, installed in bench/.node)
# lays out the operational.dot vastc writes beside them. Both SVGs are
# measured by examples/legibility.rs and a Markdown table is printed on stdout.
#
# Usage: bench/legibility.sh [--sizes "100 300 1000"] [--imports] [--work DIR] [MODEL.vast...]
# (default models: models/*.vast and, from tests/fixtures/legibility, the two
# models written the way a new user would and a drawing without boundaries;
# --sizes lists the generated models' sizes,
# drawn by examples/gen_model.rs; --imports adds the models of other tools
# in tests/fixtures/interchange and Kubernetes manifests of tests/fixtures/k8s,
# imported with `vastc import`).
# Times: vastc is the wall time of the whole `vastc build` (parse, analysis,
# every output); Graphviz is the time of its `dot` layout and SVG rendering
# alone, in-process (WebAssembly start-up excluded).
set -euo pipefail
cd "$(dirname "$0")/.."

GRAPHVIZ_NPM=1.29.2 # @hpcc-js/wasm-graphviz 1.29.2 ships Graphviz 16.1.0
sizes="100 300 1000"
work=""
imports=0
models=()
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --imports) imports=1; shift ;;
        *) models+=("$1"); shift ;;
    esac
done
if [ ${#models[@]} -eq 0 ]; then
    models=(models/*.vast tests/fixtures/legibility/{web-tiers,saas-namespaces,flat-random}.vast)
fi
if [ -z "$work" ]; then work=$(mktemp -d); fi
mkdir -p "$work"

if ! command -v node >/dev/null; then
    echo "node is required (apt-get install nodejs npm)" >&2
    exit 1
fi
if [ ! -f "bench/.node/node_modules/@hpcc-js/wasm-graphviz/package.json" ] ||
    ! grep -q "\"version\": \"$GRAPHVIZ_NPM\"" bench/.node/node_modules/@hpcc-js/wasm-graphviz/package.json; then
    echo "installing @hpcc-js/wasm-graphviz $GRAPHVIZ_NPM in bench/.node" >&2
    mkdir -p bench/.node
    npm install --silent --no-audit --no-fund --prefix bench/.node "@hpcc-js/wasm-graphviz@$GRAPHVIZ_NPM" >&2
fi
cat > bench/.node/render.mjs <<'JS'
// node render.mjs IN.dot OUT.svg: prints the Graphviz version and the layout time in ms.
import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { readFileSync, writeFileSync } from "node:fs";
const [input, output] = process.argv.slice(2);
const gv = await Graphviz.load();
const dot = readFileSync(input, "utf8");
const t0 = performance.now();
const svg = gv.dot(dot, "svg");
const ms = performance.now() - t0;
writeFileSync(output, svg);
console.log(`${gv.version()} ${ms.toFixed(0)}`);
JS

echo "building vastc, gen_model and legibility (release)" >&2
cargo build --release --quiet --bin vastc --example gen_model --example legibility
target=${CARGO_TARGET_DIR:-target}
vastc="$target/release/vastc"
measure="$target/release/examples/legibility"

if [ "$imports" = 1 ]; then
    fixtures=tests/fixtures/interchange
    for f in "$fixtures"/threagile/example.yaml "$fixtures"/otm/mobile-cloud.otm.json \
        "$fixtures"/td/{payment-online,renting-car,cryptocurrency-wallet,online-game,iot-device,generic-cms,three-tier-web-app}.json; do
        case "$f" in
            */threagile/*) format=threagile; name=threagile-example ;;
            */otm/*) format=otm; name=otm-$(basename "$f" .otm.json) ;;
            *) format=td; name=td-$(basename "$f" .json) ;;
        esac
        "$vastc" import "$format" "$f" -o "$work/$name.vast" 2>/dev/null
        models+=("$work/$name.vast")
    done
    # Kubernetes manifests: a client with flows inferred into another
    # namespace, two public demo applications, and the shop (a directory).
    k8s=tests/fixtures/k8s
    for f in "$k8s"/rules/inferred.yaml "$k8s"/realworld/{online-boutique,sock-shop}.yaml "$k8s"/shop; do
        name=k8s-$(basename "$f" .yaml)
        "$vastc" import k8s "$f" > "$work/$name.vast" 2>/dev/null
        models+=("$work/$name.vast")
    done
fi

for n in $sizes; do
    "$target/release/examples/gen_model" "$n" > "$work/generated-$n.vast"
    models+=("$work/generated-$n.vast")
done

# "key=value ..." -> the value of one key.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< " $1"; }
cell() { echo "$(field "$1" "$3") / $(field "$2" "$3")"; }
now_ms() { date +%s%3N; }

version=""
rows=()
for m in "${models[@]}"; do
    name=$(basename "$m" .vast)
    out="$work/$name"
    rm -rf "$out"
    t0=$(now_ms)
    "$vastc" build "$m" -o "$out" >/dev/null 2>&1 || true
    t1=$(now_ms)
    dir=$(dirname "$(find "$out" -name operational.svg | head -1)")
    read -r version gv_ms < <(node bench/.node/render.mjs "$dir/operational.dot" "$dir/graphviz.svg")
    v=$("$measure" "$dir/operational.svg")
    g=$("$measure" "$dir/graphviz.svg")
    rows+=("| $name | $(field "$v" flows) | $(cell "$v" "$g" through) | $(cell "$v" "$g" detached) | $(cell "$v" "$g" ambiguous) | $(cell "$v" "$g" shared) | $(cell "$v" "$g" overlaps) | $(cell "$v" "$g" titles) | $(cell "$v" "$g" crossings) | $(cell "$v" "$g" aspect) | $((t1 - t0)) / $gv_ms |")
done

echo "vastc / Graphviz $version (@hpcc-js/wasm-graphviz $GRAPHVIZ_NPM); SVGs in $work"
echo
echo "| model | flows | through | detached | ambiguous | shared | label overlaps | over titles | crossings | aspect | time ms |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
