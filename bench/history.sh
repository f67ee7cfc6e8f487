#!/usr/bin/env bash
# `vastc history` (issue 19): how long each open threat has been open, on a
# generated model with a history of many commits that each change it (the
# worst case: no two commits share their model files). Its peer, in the same
# run, is the loop a team would script without it: for each commit,
# `git show REV:model.vast` and `vastc build --format json` of that version.
#
# Usage: bench/history.sh [--size 1000] [--commits 500] [--work DIR]
# Prints a Markdown table on stdout (wall seconds and peak memory of each).
set -euo pipefail
cd "$(dirname "$0")/.."
size=1000
commits=500
work=""
while [ $# -gt 0 ]; do
    case "$1" in
        --size) size="$2"; shift 2 ;;
        --commits) commits="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
if [ -z "$work" ]; then work=$(mktemp -d); fi
if ! [ -x /usr/bin/time ]; then
    echo "installing GNU time" >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null
fi
cargo build --release --quiet --example gen_model
cargo build --release --quiet
vastc="$PWD/target/release/vastc"
gen="$PWD/target/release/examples/gen_model"

repo="$work/repo"
rm -rf "$repo"
mkdir -p "$repo"
"$gen" "$size" > "$repo/model.vast"
git -C "$repo" init -q
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
# One commit a day from 2025-01-01, each appending a flow between two of
# the model's processes (so every version is new and raises new threats).
mapfile -t procs < <(grep -oE '^ *process [a-z0-9-]+' "$repo/model.vast" | awk '{print $2}')
day0=$(date -u -d 2025-01-01 +%s)
for i in $(seq 1 "$commits"); do
    if [ "$i" -gt 1 ]; then
        a=${procs[$(( (i * 7) % ${#procs[@]} ))]}
        b=${procs[$(( (i * 13 + 1) % ${#procs[@]} ))]}
        if [ "$a" != "$b" ]; then
            printf 'flow change-%d: %s -> %s "change %d" {\n  protocol http\n  port %d\n}\n' "$i" "$a" "$b" "$i" $((1000 + i)) >> "$repo/model.vast"
        else
            printf '// change %d\n' "$i" >> "$repo/model.vast"
        fi
    fi
    when="@$((day0 + i * 86400)) +0000"
    git -C "$repo" add model.vast
    GIT_AUTHOR_DATE="$when" GIT_COMMITTER_DATE="$when" git -C "$repo" commit -q -m "change $i"
done

measure() { # stdout file, command...: prints "seconds peak-MiB"; fails with the command
    local file="$1"; shift
    /usr/bin/time -o "$work/time" -f '%e %M' "$@" > "$file" 2> "$work/stderr" || {
        echo "failed: $*" >&2; cat "$work/stderr" >&2; exit 1; }
    awk '{printf "%.2f %.0f\n", $1, $2 / 1024}' "$work/time"
}

read -r h_s h_m < <(measure "$work/history.json" "$vastc" history "$repo/model.vast" --today 2026-12-01 --max-commits "$commits" --format json)
compiled=$(grep -o '"commits_compiled": *[0-9]*' "$work/history.json" | grep -o '[0-9]*$')

loop="$work/loop.sh"
cat > "$loop" <<LOOP
set -e
cd "$repo"
mkdir -p "$work/rev"
for rev in \$(git rev-list HEAD); do
    git show "\$rev:model.vast" > "$work/rev/model.vast"
    "$vastc" build "$work/rev/model.vast" -o "$work/out" --format json --today 2026-12-01
done
LOOP
read -r l_s l_m < <(measure /dev/null bash "$loop")

echo "| $size elements, $commits commits | wall s | peak MiB |"
echo "|---|---|---|"
echo "| vastc history ($compiled revisions compiled) | $h_s | $h_m |"
echo "| git show + vastc build per commit | $l_s | $l_m |"
