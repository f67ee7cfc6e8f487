#!/usr/bin/env python3
"""vastc and pytm side by side on pytm's own example model.

Run through bench/pytm.sh, which installs pytm 1.4.0 (into bench/.venv)
and builds vastc. In a temporary directory this driver runs, round-robin
over the tools in every repetition,

  pytm --json      python tm.py --json tm.json          (pytm's findings)
  vastc import     vastc import pytm tm.json
  vastc imported   vastc build --format json imported.vast
  vastc by hand    vastc build --format json comments.vast

on tests/fixtures/interchange/pytm/ (tm.py is pytm's example at its 1.4.0
tag; comments.vast the same model written by hand), then prints Markdown:
pytm's findings grouped by threat class (SID) and target type, with what a
reviewer makes of them (bench/pytm-classes.tsv); vastc's findings by rule
on the imported and the hand-written model; the classes a reviewer would
accept that only one side finds; and the median wall times. Progress goes
to stderr. Python 3 standard library only.
"""

import argparse
import collections
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "interchange", "pytm")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def classes():
    """SID -> (title, [vastc rules], verdict, why) from bench/pytm-classes.tsv."""
    out = {}
    with open(os.path.join(HERE, "pytm-classes.tsv"), encoding="utf8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t") + [""] * 5
            sid, title, rules, verdict, why = cols[:5]
            rules = [r for r in rules.split(",") if r and r != "none"]
            out[sid] = (title, rules, verdict, why)
    return out


def timed(argv, cwd, stdout=None):
    """Runs argv; returns (seconds, stdout bytes). Fails loudly."""
    start = time.perf_counter()
    p = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} exited {p.returncode}: {p.stderr.decode()[:400]}")
    if stdout:
        with open(os.path.join(cwd, stdout), "wb") as f:
            f.write(p.stdout)
    return wall, p.stdout


def vastc_findings(path):
    with open(path, encoding="utf8") as f:
        return [t["id"] for t in json.load(f)["threats"]]


def rule_of(tid):
    return tid.split("@", 1)[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vastc", required=True, help="the vastc binary")
    ap.add_argument("--python", default=sys.executable, help="a Python with pytm 1.4.0")
    ap.add_argument("--runs", type=int, default=5, help="repetitions per tool (median)")
    args = ap.parse_args()
    vastc = os.path.abspath(args.vastc)
    python = os.path.abspath(args.python) if os.sep in args.python else args.python
    cls = classes()

    work = tempfile.mkdtemp(prefix="vastc-pytm-")
    try:
        for f in ("tm.py", "comments.vast"):
            shutil.copy(os.path.join(FIXTURES, f), work)
        steps = [
            ("pytm --json", [python, "tm.py", "--json", "tm.json"], None),
            ("vastc import pytm", [vastc, "import", "pytm", "tm.json"], "imported.vast"),
            (
                "vastc build (imported)",
                [vastc, "build", "--format", "json", "-o", "out", "imported.vast"],
                None,
            ),
            (
                "vastc build (by hand)",
                [vastc, "build", "--format", "json", "-o", "out", "comments.vast"],
                None,
            ),
        ]
        times = collections.defaultdict(list)
        for run in range(args.runs):
            log(f"run {run + 1}/{args.runs}")
            for name, argv, out in steps:
                wall, _ = timed(argv, work, out)
                times[name].append(wall)

        with open(os.path.join(work, "tm.json"), encoding="utf8") as f:
            tm = json.load(f)
        kinds = {e["name"]: e.get("__class__", "?") for e in tm.get("elements", [])}
        for fl in tm.get("flows", []):
            kinds[fl["name"]] = "Dataflow"
        imported = vastc_findings(os.path.join(work, "out", "imported", "threats.json"))
        by_hand = vastc_findings(os.path.join(work, "out", "comments", "threats.json"))
        rules = {
            r["id"]: r["title"]
            for r in json.loads(subprocess.run([vastc, "rules", "--json"], capture_output=True, check=True).stdout)
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)

    findings = tm.get("findings", [])

    def verdict(sid, target):
        """accept or dismiss for one finding ("accept on A, B" accepts
        only on those targets)."""
        v = cls.get(sid, ("", [], "?", ""))[2]
        if v.startswith("accept on "):
            return "accept" if target in [t.strip() for t in v[len("accept on "):].split(",")] else "dismiss"
        return v

    groups = collections.OrderedDict()
    for f in sorted(findings, key=lambda f: f["threat_id"]):
        key = (f["threat_id"], kinds.get(f["target"], "?"))
        groups.setdefault(key, []).append(f["target"])
    accepted = collections.Counter()
    verdict_count = collections.Counter()
    print("## pytm 1.4.0 on its example: findings by threat class\n")
    print("| SID | class | target type | findings | a reviewer accepts | why | vastc rules of the class |")
    print("|---|---|---|---:|---:|---|---|")
    for (sid, kind), targets in groups.items():
        title, mapped, _, why = cls.get(sid, ("?", [], "?", ""))
        ok = sum(verdict(sid, t) == "accept" for t in targets)
        accepted[sid] += ok
        verdict_count["accept"] += ok
        verdict_count["dismiss"] += len(targets) - ok
        print(f"| {sid} | {title} | {kind} | {len(targets)} | {ok} | {why} | {', '.join(mapped) or 'none'} |")
    print(
        f"\n{len(findings)} findings in {len(groups)} groups; a reviewer accepts "
        f"{verdict_count['accept']} and dismisses {verdict_count['dismiss']}."
    )

    print("\n## vastc: findings by rule\n")
    print("| rule | title | imported (`vastc import pytm`) | written by hand (`comments.vast`) |")
    print("|---|---|---:|---:|")
    ci, ch = collections.Counter(map(rule_of, imported)), collections.Counter(map(rule_of, by_hand))
    for r in sorted(set(ci) | set(ch)):
        print(f"| {r} | {rules.get(r, '?')} | {ci[r]} | {ch[r]} |")
    print(f"| | **total** | **{len(imported)}** | **{len(by_hand)}** |")

    print("\n## Classes a reviewer accepts that only one side finds\n")
    print("| class | pytm | vastc, imported | vastc, by hand | why |")
    print("|---|:-:|:-:|:-:|---|")
    yes = lambda b: "yes" if b else "—"
    for sid in sorted(s for s in accepted if accepted[s]):
        title, mapped, _, why = cls.get(sid, ("?", [], "?", ""))
        i, h = bool(set(mapped) & set(ci)), bool(set(mapped) & set(ch))
        if not (i and h):
            rest = f"; vastc's rules of the class ({', '.join(mapped)}) stay quiet" if mapped else "; no vastc rule covers the class"
            print(f"| {sid} {title} | yes | {yes(i)} | {yes(h)} | {why}{rest} |")
    covered = {r for sid in accepted if accepted[sid] for r in cls.get(sid, ("", [], "", ""))[1]}
    for r in sorted((set(ci) | set(ch)) - covered):
        print(f"| {r} {rules.get(r, '?')} | — | {yes(ci[r])} | {yes(ch[r])} | no finding of pytm's that a reviewer accepts is of this class |")

    print("\n## Times (median of %d runs, wall seconds)\n" % args.runs)
    print("| step | median s | min s |")
    print("|---|---:|---:|")
    for name, _, _ in steps:
        print(f"| {name} | {statistics.median(times[name]):.3f} | {min(times[name]):.3f} |")
    pytm_s = statistics.median(times["pytm --json"])
    for name in ("vastc build (imported)", "vastc build (by hand)"):
        v = statistics.median(times[name])
        print(f"\n- pytm --json / {name}: {pytm_s / v:.1f}×", end="")
    print()


if __name__ == "__main__":
    main()
