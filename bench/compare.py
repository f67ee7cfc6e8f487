#!/usr/bin/env python3
"""Times vastc against pytm and Graphviz on the same generated architecture.

Run through bench/compare.sh, which installs the peers and builds vastc and
the generator (examples/gen_peers.rs). For each size the generator writes
the model as .vast, as a pytm script and as clustered Graphviz DOT; then,
round-robin over the tools in every repetition (A/B alternating, never all
runs of one tool in a row), this driver runs

  vastc build          vastc build model.vast -o DIR          (all outputs)
  vastc --format json  vastc build --format json model.vast -o DIR
  pytm --json          python model.py --json out.json
  pytm --dfd | dot     python model.py --dfd | dot -Tsvg
  dot -Tsvg            dot -Tsvg model.dot                    (clustered DOT)

and measures each run's wall time and peak resident memory (ru_maxrss from
os.wait4; for a pipeline the largest of its processes). A run that exits
non-zero is a failure (its first error line is kept); a run past --timeout
is killed, and that tool is not run again at this size or any larger one.
A last row times vastc alone at --big elements (default 10,000; its runs
are killed after --big-timeout), for the peak memory issue 8 asks for.
Diagrams are checked for lost edges: the edges in the SVG (`class="edge"`
groups for Graphviz, flow groups for vastc) against the flows in the model.

The Markdown table goes to stdout (paste-able into the README); progress
goes to stderr. Python 3 standard library only.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

VASTC_BUILD = "vastc build"
VASTC_JSON = "vastc --format json"
VASTC_CHECK = "vastc check"
PYTM_JSON = "pytm --json"
PYTM_DFD = "pytm --dfd \\| dot -Tsvg"
DOT = "dot -Tsvg"
TOOLS = [VASTC_BUILD, VASTC_JSON, VASTC_CHECK, PYTM_JSON, PYTM_DFD, DOT]
PEERS = [PYTM_JSON, PYTM_DFD, DOT]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Result:
    """One run: wall seconds, peak RSS in KiB, and what went wrong."""

    def __init__(self, wall, rss_kib, timed_out, error):
        self.wall = wall
        self.rss_kib = rss_kib
        self.timed_out = timed_out
        self.error = error  # None, or a short text (exit status + stderr line)
        self.edges = None  # edges drawn, for diagram tools


def error_line(text):
    """The most telling line of a tool's stderr: a Python traceback's last
    line, else the first non-empty line."""
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    if not lines:
        return ""
    line = lines[-1] if "Traceback" in text else lines[0]
    return line if len(line) <= 90 else line[:87] + "..."


def run(commands, cwd, timeout, stdout_path=None):
    """Runs `commands` (argv lists) as a pipeline, the last one's stdout to
    `stdout_path` (or discarded). Returns a Result."""
    procs = []
    errs = []
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    start = time.perf_counter()
    try:
        prev = None
        for i, argv in enumerate(commands):
            last = i == len(commands) - 1
            err = tempfile.TemporaryFile()
            errs.append(err)
            p = subprocess.Popen(
                argv,
                cwd=cwd,
                stdin=prev.stdout if prev else subprocess.DEVNULL,
                stdout=out if last else subprocess.PIPE,
                stderr=err,
            )
            if prev:
                prev.stdout.close()  # the next process holds the read end now
            procs.append(p)
            prev = p
    finally:
        if stdout_path:
            out.close()
    # One thread per process blocks in wait4: exact exit times and rusage.
    done = [None] * len(procs)

    def reap(i, p):
        _, status, usage = os.wait4(p.pid, 0)
        done[i] = (time.perf_counter(), os.waitstatus_to_exitcode(status), usage.ru_maxrss)
        p.returncode = done[i][1]  # reaped here; Popen must not wait again

    threads = [threading.Thread(target=reap, args=(i, p)) for i, p in enumerate(procs)]
    for t in threads:
        t.start()
    deadline = start + timeout
    timed_out = False
    for t in threads:
        t.join(max(0.0, deadline - time.perf_counter()))
        if t.is_alive():
            timed_out = True
            break
    if timed_out:
        for i, p in enumerate(procs):
            if done[i] is None:
                try:
                    os.kill(p.pid, 9)
                except ProcessLookupError:
                    pass
        for t in threads:
            t.join()
    wall = max(d[0] for d in done) - start
    rss = max(d[2] for d in done)
    error = None
    if not timed_out:
        for (_, code, _), argv, err in zip(done, commands, errs):
            if code != 0:
                err.seek(0)
                text = err.read().decode("utf-8", "replace")
                what = f"signal {-code}" if code < 0 else f"exit {code}"
                name = os.path.basename(argv[0])
                error = f"{name} {what}: {error_line(text)}".rstrip(": ")
                break
    for err in errs:
        err.close()
    return Result(wall, rss, timed_out, error)


def count_svg_edges(path, vastc):
    """Edges drawn in an SVG: Graphviz's `class="edge"` groups, or vastc's
    flow groups (`class="flow"` / `class="flow crossing"`)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    pattern = r'class="flow[ "]' if vastc else r'class="edge"'
    return len(re.findall(pattern, text))


def generate(gen, n, work):
    """Writes the three forms of an n-element model; returns their counts,
    checked to be the same in the pytm script and the DOT."""
    d = os.path.join(work, f"n{n}")
    shutil.rmtree(d, ignore_errors=True)
    out = subprocess.run([gen, str(n), d], check=True, capture_output=True, text=True)
    counts = json.loads(out.stdout.strip().splitlines()[-1])
    with open(os.path.join(d, "model.py"), encoding="utf-8") as f:
        py = f.read()
    with open(os.path.join(d, "model.dot"), encoding="utf-8") as f:
        dot = f.read()
    py_elements = len(re.findall(r"^e\d+ = (?:Actor|Server|Process|Lambda|Datastore)\(", py, re.M))
    py_flows = len(re.findall(r"^f\d+ = Dataflow\(", py, re.M))
    py_boundaries = len(re.findall(r"^b\d+ = Boundary\(", py, re.M))
    dot_elements = len(re.findall(r"^\s*\"[^\"]*\" \[label=", dot, re.M))
    dot_flows = len(re.findall(r"^\s*\"[^\"]*\" -> \"[^\"]*\" \[", dot, re.M))
    dot_boundaries = len(re.findall(r"^\s*subgraph cluster_", dot, re.M))
    want = (counts["elements"], counts["flows"], counts["boundaries"])
    for form, got in (
        ("pytm", (py_elements, py_flows, py_boundaries)),
        ("dot", (dot_elements, dot_flows, dot_boundaries)),
    ):
        if got != want:
            sys.exit(f"{n}: the {form} form has (elements, flows, boundaries) {got}, the .vast {want}")
    return d, counts


def commands(tool, args, d):
    """(pipeline, stdout file or None, output to check or None, cleanup paths)."""
    if tool == VASTC_BUILD:
        out = os.path.join(d, "out-build")
        svg = os.path.join(out, "model", "operational.svg")
        return [[args.vastc, "build", "model.vast", "-o", out]], None, svg, [out]
    if tool == VASTC_JSON:
        out = os.path.join(d, "out-json")
        js = os.path.join(out, "model", "threats.json")
        return [[args.vastc, "build", "--format", "json", "model.vast", "-o", out]], None, js, [out]
    if tool == VASTC_CHECK:
        return [[args.vastc, "check", "model.vast"]], None, None, []
    if tool == PYTM_JSON:
        js = os.path.join(d, "pytm.json")
        return [[args.python, "model.py", "--json", js]], None, js, [js]
    if tool == PYTM_DFD:
        svg = os.path.join(d, "pytm-dfd.svg")
        return [[args.python, "model.py", "--dfd"], [args.dot, "-Tsvg"]], svg, svg, [svg]
    if tool == DOT:
        svg = os.path.join(d, "dot.svg")
        return [[args.dot, "-Tsvg", "model.dot"]], svg, svg, [svg]
    raise ValueError(tool)


def clean(paths):
    for p in paths:
        if os.path.isdir(p):
            shutil.rmtree(p, ignore_errors=True)
        elif os.path.exists(p):
            os.remove(p)


def measure(tools, args, d, counts, runs, timeout):
    """Runs `tools` round-robin `runs` times; returns {tool: [Result]}.
    A tool that times out is not run again."""
    results = {t: [] for t in tools}
    active = list(tools)
    for rep in range(runs):
        k = rep % len(active) if active else 0
        for tool in active[k:] + active[:k]:
            pipeline, stdout_path, check, paths = commands(tool, args, d)
            clean(paths)
            r = run(pipeline, d, timeout, stdout_path)
            if not r.timed_out and check is not None:
                if check.endswith(".svg"):
                    r.edges = count_svg_edges(check, tool == VASTC_BUILD)
                    if r.edges is None and r.error is None:
                        r.error = "no SVG written"
                elif not (os.path.exists(check) and os.path.getsize(check) > 0):
                    r.error = r.error or f"no {os.path.basename(check)} written"
            clean(paths)
            results[tool].append(r)
            state = "timeout" if r.timed_out else (r.error or "ok")
            log(f"  {counts['elements']:>6} {tool.replace(chr(92), ''):<22} run {rep + 1}: "
                f"{r.wall:8.3f} s {r.rss_kib / 1024:8.1f} MiB  {state}")
        active = [t for t in active if not any(r.timed_out for r in results[t])]
    return results


def fmt_s(s):
    if s >= 100:
        return f"{s:.0f}"
    if s >= 10:
        return f"{s:.1f}"
    if s >= 1:
        return f"{s:.2f}"
    return f"{s:.3f}"


def fmt_ratio(vastc_s, peer_s, bound=False):
    """vastc time / peer time, with the speed-up: `0.012 (83×)`."""
    if vastc_s is None or not peer_s:
        return "—"
    r = vastc_s / peer_s
    txt = f"{r:.2g}" if r < 0.01 else f"{r:.3f}" if r < 1 else f"{r:.2f}"
    up = peer_s / vastc_s
    up_txt = f"{up:,.0f}" if up >= 9.95 else f"{up:.1f}"
    return f"{'< ' if bound else ''}{txt} ({'> ' if bound else ''}{up_txt}×)"


def summarize(tool, rs, counts):
    """(median s or None, timeout bound or None, peak MiB, notes)."""
    done = [r for r in rs if not r.timed_out]
    timeouts = [r for r in rs if r.timed_out]
    median = statistics.median(r.wall for r in done) if done else None
    peak = max(r.rss_kib for r in rs) / 1024 if rs else None
    notes = []
    if timeouts:
        notes.append(f"timed out (> {timeouts[0].wall:.0f} s)")
    failed = [r for r in done if r.error]
    if failed:
        errors = sorted({r.error for r in failed})
        notes.append(f"{len(failed)}/{len(done)} failed: " + "; ".join(f"`{e}`" for e in errors))
    edges = [r.edges for r in done if r.edges is not None]
    if edges:
        lost = [counts["flows"] - e for e in edges]
        if any(lost):
            notes.append(f"lost edges: {max(lost):,} of {counts['flows']:,}")
        else:
            notes.append(f"all {counts['flows']:,} edges drawn")
    bound = timeouts[0].wall if (timeouts and not done) else None
    return median, bound, peak, notes


def table(sizes_results, runs, big):
    lines = [
        "| elements | flows | tool | runs | median s | peak MiB | vastc build ÷ tool | vastc json ÷ tool | failures, lost edges |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for counts, results, skipped in sizes_results:
        med = {}
        rows = []
        for tool in TOOLS:
            if tool in skipped:
                rows.append((tool, None))
                continue
            if tool not in results:
                continue
            med[tool] = summarize(tool, results[tool], counts)
            rows.append((tool, med[tool]))
        vb = med.get(VASTC_BUILD, (None,))[0]
        vj = med.get(VASTC_JSON, (None,))[0]
        for tool, s in rows:
            head = f"| {counts['elements']:,} | {counts['flows']:,} | {tool} |"
            if s is None:
                lines.append(f"{head} 0 | — | — | — | — | not run: {skipped[tool]} |")
                continue
            median, bound, peak, notes = s
            n = len(results[tool])
            t = fmt_s(median) if median is not None else f"> {bound:.0f}"
            peer_s = median if median is not None else bound
            is_peer = tool in PEERS
            r_build = fmt_ratio(vb, peer_s, median is None) if is_peer else "—"
            r_json = fmt_ratio(vj, peer_s, median is None) if tool == PYTM_JSON else "—"
            if not is_peer and big and counts["elements"] == big:
                notes = ["vastc only"] + notes
            lines.append(f"{head} {n} | {t} | {peak:,.1f} | {r_build} | {r_json} | {', '.join(notes) or '—'} |")
    return "\n".join(lines)


def version(argv, stderr=False):
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        return ((p.stderr if stderr else p.stdout).strip().splitlines() or ["?"])[0]
    except (OSError, subprocess.SubprocessError):
        return "?"


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vastc", required=True, help="the vastc binary (release)")
    ap.add_argument("--gen", required=True, help="the gen_peers example binary")
    ap.add_argument("--python", required=True, help="the Python of the venv with pytm")
    ap.add_argument("--dot", default="dot", help="the Graphviz dot binary")
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000],
                    help="model sizes in elements (default: 200 1000 5000)")
    ap.add_argument("--big", type=int, default=10000,
                    help="size of the vastc-only row, 0 for none (default: 10000)")
    ap.add_argument("--runs", type=int, default=5, help="runs per tool and size (default: 5)")
    ap.add_argument("--timeout", type=float, default=120.0,
                    help="seconds before a run is killed (default: 120)")
    ap.add_argument("--big-timeout", type=float, default=600.0,
                    help="seconds before a run of the vastc-only row is killed (default: 600)")
    ap.add_argument("--work", help="working directory (default: a temporary one, removed)")
    args = ap.parse_args()
    for name in ("vastc", "gen", "python"):
        setattr(args, name, os.path.abspath(getattr(args, name)))
    args.dot = shutil.which(args.dot) or args.dot

    load_start = os.getloadavg()[0]
    work = args.work or tempfile.mkdtemp(prefix="vastc-compare-")
    os.makedirs(work, exist_ok=True)
    try:
        # Warm the page cache: the binaries, pytm's imports.
        version([args.vastc, "--version"])
        version([args.python, "-c", "import pytm"])
        version([args.dot, "-V"], stderr=True)
        sizes_results = []
        dropped = {}  # peer → why it is no longer run
        for n in sorted(args.sizes):
            d, counts = generate(args.gen, n, work)
            log(f"{n} elements: {counts['flows']} flows, {counts['boundaries']} boundaries")
            tools = [t for t in TOOLS if t not in dropped]
            results = measure(tools, args, d, counts, args.runs, args.timeout)
            for t in PEERS:
                if t in results and any(r.timed_out for r in results[t]):
                    dropped[t] = f"timed out at {counts['elements']:,}"
            sizes_results.append((counts, results, {t: dropped[t] for t in PEERS
                                                    if t in dropped and t not in results}))
            shutil.rmtree(d, ignore_errors=True)
        if args.big:
            d, counts = generate(args.gen, args.big, work)
            log(f"{args.big} elements (vastc only): {counts['flows']} flows")
            results = measure([VASTC_BUILD, VASTC_JSON, VASTC_CHECK], args, d, counts, args.runs, args.big_timeout)
            sizes_results.append((counts, results, {}))
            shutil.rmtree(d, ignore_errors=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    commit = version(["git", "-C", os.path.dirname(os.path.abspath(__file__)),
                      "rev-parse", "--short", "HEAD"])
    pytm_version = version([args.python, "-c",
                            "import importlib.metadata as m; print(m.version('pytm'))"])
    print(f"`bench/compare.sh --runs {args.runs} --timeout {args.timeout:g} --sizes "
          f"{' '.join(map(str, args.sizes))} --big {args.big} --big-timeout {args.big_timeout:g}` on {cpu_name()}, {os.cpu_count()} cores; "
          f"vastc {commit}, pytm {pytm_version} "
          f"({version([args.python, '--version'])}), "
          f"{version([args.dot, '-V'], stderr=True).replace('dot - ', '')}; "
          f"load average {load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end. "
          f"Medians of {args.runs} runs, round-robin over the tools; peak MiB is the largest "
          f"ru_maxrss of a run (of either process of a pipeline); a ratio below 1 means vastc "
          f"is faster (× its speed-up).\n")
    print(table(sizes_results, args.runs, args.big))


if __name__ == "__main__":
    main()
