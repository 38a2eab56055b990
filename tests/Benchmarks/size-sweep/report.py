#!/usr/bin/env python3
"""The size sweep's report: reads the raw results of tests/Benchmarks/size-sweep/run.sh and writes the docs.

    python3 tests/Benchmarks/size-sweep/report.py [RESULTS_DIR]      (default docs/results/size-sweep)

Reads RESULTS_DIR/process-*/results/*-report.csv (BenchmarkDotNet's csv, one file per benchmark class and process),
RESULTS_DIR/process-*/c-floor.csv, conditions.txt and RESULTS_DIR/session.txt. Writes
- RESULTS_DIR/summary.md: the tables (also printed);
- docs/size-sweep.svg: ns per sample against weights, log-log, one line per implementation;
- the tables into docs/benchmarks.md, between the markers <!-- size-sweep:begin --> and <!-- size-sweep:end -->.
Per process, each benchmark's BenchmarkDotNet Median (ns per sample); over processes, the median of those, and
ratios computed inside each process first (implementations of one size run one after the other in one process),
then their median. Standard library only.
"""
import csv
import glob
import math
import os
import re
import statistics
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
RESULTS = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, "docs", "results", "size-sweep")
DOCS = os.path.join(ROOT, "docs", "benchmarks.md")
SVG = os.path.join(ROOT, "docs", "size-sweep.svg")
BEGIN, END = "<!-- size-sweep:begin -->", "<!-- size-sweep:end -->"

# Implementations: benchmark method -> (label, colour, dash)
IMPLEMENTATIONS = [
    ("GeneratedTrain", "generated `Train` (one sample)", "#d62728", ""),
    ("GeneratedTrainOnline", "generated `TrainOnline`", "#ff7f0e", "6,3"),
    ("GeneratedMiniBatch32", "generated mini-batch `Train` (32)", "#9467bd", "2,3"),
    ("LoopMlpTrain", "plain loop MLP", "#7f7f7f", ""),
    ("VectorMlpTrain", "`Vector256` loop MLP", "#1f77b4", ""),
    ("VectorMlpFmaTrain", "`Vector256` loop MLP, FMA", "#17becf", "4,2"),
    ("VectorMlp512FmaTrain", "`Vector512` loop MLP, FMA", "#2ca02c", "1,2"),
]
NON_GENERATED = ["LoopMlpTrain", "VectorMlpTrain", "VectorMlpFmaTrain", "VectorMlp512FmaTrain"]
# The hand-written Vector256 loop of the 0.75 target: in each process the faster of its two variants
VECTOR_LOOPS = ["VectorMlpTrain", "VectorMlpFmaTrain"]
UNITS = {"ps": 1e-3, "ns": 1.0, "us": 1e3, "μs": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9}


def to_ns(text):
    """'1,234.56 ns' -> 1234.56; '1.2 μs' -> 1200.0; None for NA or empty."""
    text = text.strip().replace(",", "")
    match = re.fullmatch(r"([0-9.eE+-]+)\s*([a-zμµ]*)", text)
    if not match:
        return None
    return float(match.group(1)) * UNITS.get(match.group(2) or "ns", 1.0)


def weights_of(name):
    sizes = [int(s) for s in name.split("-")]
    return sum(a * b for a, b in zip(sizes, sizes[1:]))


def read_processes():
    """[{ 'network': {method: median_ns}, ..., '_cfloor': [ns...], '_allocated': {(network, method): text} }] per process."""
    processes = []
    for directory in sorted(glob.glob(os.path.join(RESULTS, "process-*")), key=lambda d: int(d.rsplit("-", 1)[1])):
        process = {"_cfloor": [], "_allocated": {}, "_conditions": ""}
        for path in glob.glob(os.path.join(directory, "results", "*-report.csv")):
            cls = os.path.basename(path).split("-report")[0].rsplit(".", 1)[-1]
            if cls.startswith("SizeSweep_"):
                network = cls[len("SizeSweep_"):].replace("_", "-")
            elif cls == "CFloor":
                network = "CFloor"
            else:
                continue
            with open(path, newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f, delimiter=";"):
                    value = to_ns(row.get("Median", "")) if row.get("Median") else None
                    if value is None:
                        continue
                    process.setdefault(network, {})[row["Method"]] = value
                    process["_allocated"][(network, row["Method"])] = row.get("Allocated", "").strip()
        cfloor = os.path.join(directory, "c-floor.csv")
        if os.path.exists(cfloor):
            with open(cfloor, encoding="utf-8") as f:
                process["_cfloor"] = [float(line.split(";")[1]) for line in f.read().splitlines()[1:] if line.strip()]
        conditions = os.path.join(directory, "conditions.txt")
        if os.path.exists(conditions):
            with open(conditions, encoding="utf-8") as f:
                process["_conditions"] = f.read()
        processes.append(process)
    return processes


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=0):
    if value is None:
        return "–"
    if digits == 0:
        return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"
    return f"{value:.{digits}f}"


def main():
    processes = read_processes()
    if not processes:
        sys.exit(f"no results under {RESULTS}/process-*")
    networks = sorted({n for p in processes for n in p if not n.startswith("_") and n != "CFloor"}, key=weights_of)
    lines = []
    session = ""
    if os.path.exists(os.path.join(RESULTS, "session.txt")):
        with open(os.path.join(RESULTS, "session.txt"), encoding="utf-8") as f:
            session = f.read().strip()
    mode = re.search(r"mode: (\w+)", processes[0]["_conditions"])
    rel = os.path.relpath(RESULTS, os.path.join(ROOT, "docs"))
    lines.append(f"Generated by `tests/Benchmarks/size-sweep/report.py` from the raw results in `docs/{rel}/` "
                 f"({len(processes)} process{'es' if len(processes) != 1 else ''}, {mode.group(1) if mode else 'unknown'} mode); do not edit by hand.")
    lines.append("")
    lines.append("```text")
    lines.append(session or "(no session.txt)")
    for i, p in enumerate(processes, 1):
        load = re.findall(r"load average at (start|end)[^:]*: (.*)", p["_conditions"])
        lines.append(f"process {i}: " + "; ".join(f"load at {w}: {v}" for w, v in load))
    lines.append("```")
    lines.append("")

    # Table 1: ns per sample, medians over processes.
    lines.append("ns per sample (median over processes of each process's BenchmarkDotNet median):")
    lines.append("")
    header = "| network | weights | " + " | ".join(label for _, label, _, _ in IMPLEMENTATIONS) + " |"
    lines.append(header)
    lines.append("| --- | ---: |" + " ---: |" * len(IMPLEMENTATIONS))
    medians = {}
    for n in networks:
        row = []
        for method, _, _, _ in IMPLEMENTATIONS:
            value = median([p.get(n, {}).get(method) for p in processes])
            medians[(n, method)] = value
            row.append(fmt(value))
        lines.append(f"| {n} | {weights_of(n):,} | " + " | ".join(row) + " |")
    lines.append("")

    # Table 2: ratios within each process, then medians (and the range over processes).
    def ratio(n, a, b):
        values = [p[n][a] / p[n][b] for p in processes if n in p and a in p[n] and b in p[n]]
        return (statistics.median(values), min(values), max(values)) if values else (None, None, None)

    def best_other(p, n):
        values = [p[n][m] for m in NON_GENERATED if m in p.get(n, {})]
        return min(values) if values else None

    lines.append("Ratios, computed inside each process, then the median over processes (min–max in brackets):")
    lines.append("")
    lines.append("| network | weights | `Train` / `Vector256` loop, the faster variant (target ≤ 0.75) | `Train` / fastest non-generated (target < 1) "
                 "| mini-batch / `Train` per sample (target < 1) | `TrainOnline` / `Train` | `Train` / plain loop | allocated per call |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    checks = []
    for n in networks:
        values = [p[n]["GeneratedTrain"] / min(p[n][m] for m in VECTOR_LOOPS if m in p[n]) for p in processes
                  if n in p and "GeneratedTrain" in p[n] and any(m in p[n] for m in VECTOR_LOOPS)]
        tv = (statistics.median(values), min(values), max(values)) if values else (None, None, None)
        values = [p[n]["GeneratedTrain"] / best_other(p, n) for p in processes
                  if n in p and "GeneratedTrain" in p[n] and best_other(p, n)]
        tb = (statistics.median(values), min(values), max(values)) if values else (None, None, None)
        mb = ratio(n, "GeneratedMiniBatch32", "GeneratedTrain")
        on = ratio(n, "GeneratedTrainOnline", "GeneratedTrain")
        tl = ratio(n, "GeneratedTrain", "LoopMlpTrain")
        allocated = sorted({p["_allocated"].get((n, m), "?") for p in processes for m, _, _, _ in IMPLEMENTATIONS
                            if (n, m) in p["_allocated"]})

        def cell(r):
            return "–" if r[0] is None else f"{r[0]:.2f} ({r[1]:.2f}–{r[2]:.2f})"

        lines.append(f"| {n} | {weights_of(n):,} | {cell(tv)} | {cell(tb)} | {cell(mb)} | {cell(on)} | {cell(tl)} | "
                     f"{', '.join(allocated)} |")
        checks.append((n, tv[0], tb[0], mb[0], allocated))
    lines.append("")

    # The C floor: the article's network (CFloor class), in the same processes.
    cf = []
    for p in processes:
        if p["_cfloor"] and "CFloor" in p and "GeneratedTrain" in p["CFloor"]:
            c = statistics.median(p["_cfloor"])
            cf.append((p["CFloor"]["GeneratedTrain"], p["CFloor"].get("GeneratedTrainOnline"), c))
    if cf:
        train_ratio = [t / c for t, _, c in cf]
        online_ratio = [o / c for _, o, c in cf if o]
        lines.append("The article's network (2-2-2, shared untrained biases, the `CFloor` benchmarks) against the C floor "
                     "(`c-floor/mazur.c`, gcc -O3 -march=native, 3 runs before and 3 after the benchmarks in each process):")
        lines.append("")
        lines.append("| | ns per step (median over processes) | / median C run of the same process (median; min–max) |")
        lines.append("| --- | ---: | ---: |")
        lines.append(f"| C floor | {statistics.median([c for _, _, c in cf]):.1f} | 1.00 |")
        lines.append(f"| generated `Train`, one call per step | {statistics.median([t for t, _, _ in cf]):.1f} | "
                     f"{statistics.median(train_ratio):.2f} ({min(train_ratio):.2f}–{max(train_ratio):.2f}) |")
        if online_ratio:
            lines.append(f"| generated `TrainOnline`, all steps in one call | "
                         f"{statistics.median([o for _, o, _ in cf if o]):.1f} | "
                         f"{statistics.median(online_ratio):.2f} ({min(online_ratio):.2f}–{max(online_ratio):.2f}) |")
        lines.append("")
    else:
        train_ratio = []
        lines.append("The C floor was not measured in this run (no gcc, or the CFloor benchmarks failed).")
        lines.append("")

    # Issue 10's targets, as measured here.
    lines.append("Issue 10's targets in this run:")
    lines.append("")
    lines.append("| target | met at | missed at |")
    lines.append("| --- | --- | --- |")

    def split(predicate):
        met = [n for n in checks if predicate(n)]
        missed = [n for n in checks if not predicate(n)]
        return ", ".join(m[0] for m in met) or "none", ", ".join(m[0] for m in missed) or "none"

    for label, pred in [
        ("`Train` ≤ 0.75x the `Vector256` loop", lambda c: c[1] is not None and c[1] <= 0.75),
        ("`Train` faster than every non-generated implementation", lambda c: c[2] is not None and c[2] < 1.0),
        ("mini-batch per sample below `Train`", lambda c: c[3] is not None and c[3] < 1.0),
        ("zero allocation (every implementation)", lambda c: c[4] == ["0 B"] or c[4] == ["-"]),
    ]:
        met, missed = split(pred)
        lines.append(f"| {label} | {met} | {missed} |")
    if train_ratio:
        r = statistics.median(train_ratio)
        lines.append(f"| article `Train` ≤ 1.10x the C floor | {'2-2-2' if r <= 1.10 else 'none'} ({r:.2f}x) | "
                     f"{'none' if r <= 1.10 else '2-2-2'} |")
    lines.append("| TorchSharp-cpu | not measured: its native library does not load on this machine (see above) | |")
    lines.append("")
    lines.append("![ns per sample against weights, log-log](size-sweep.svg)")

    text = "\n".join(lines) + "\n"
    with open(os.path.join(RESULTS, "summary.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    write_svg(networks, medians, cf)
    with open(DOCS, encoding="utf-8") as f:
        docs = f.read()
    if BEGIN in docs and END in docs:
        head, rest = docs.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        with open(DOCS, "w", encoding="utf-8") as f:
            f.write(head + BEGIN + "\n" + text + END + tail)
        print(f"updated {os.path.relpath(DOCS, ROOT)} and {os.path.relpath(SVG, ROOT)}")
    else:
        print(f"{os.path.relpath(DOCS, ROOT)} has no {BEGIN} ... {END} markers: only {os.path.relpath(SVG, ROOT)} written")


def write_svg(networks, medians, cf):
    width, height = 760, 500
    left, right, top, bottom = 80, 250, 40, 60
    xs = [weights_of(n) for n in networks]
    ys = [v for v in medians.values() if v]
    if cf:
        ys.append(statistics.median([c for _, _, c in cf]))
    x0, x1 = math.log10(min(xs) / 1.5), math.log10(max(xs) * 1.5)
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))

    def px(x):
        return left + (math.log10(x) - x0) / (x1 - x0) * (width - left - right)

    def py(y):
        return height - bottom - (math.log10(y) - y0) / (y1 - y0) * (height - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="14">Size sweep (issue 10): one online SGD step, ns per sample (log-log)</text>']
    for e in range(y0, y1 + 1):
        for m in (1, 2, 5):
            v = m * 10 ** e
            if 10 ** y0 <= v <= 10 ** y1:
                y = py(v)
                out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>')
                out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{v:,g}</text>')
    for x, n in zip(xs, networks):
        out.append(f'<line x1="{px(x):.1f}" y1="{top}" x2="{px(x):.1f}" y2="{height - bottom}" stroke="#eee"/>')
        out.append(f'<text x="{px(x):.1f}" y="{height - bottom + 16}" text-anchor="middle">{x:,}</text>')
        out.append(f'<text x="{px(x):.1f}" y="{height - bottom + 30}" text-anchor="middle" fill="#666" font-size="10">{n}</text>')
    out.append(f'<text x="{(left + width - right) / 2}" y="{height - 10}" text-anchor="middle">weights</text>')
    out.append(f'<text x="18" y="{(top + height - bottom) / 2}" text-anchor="middle" '
               f'transform="rotate(-90 18 {(top + height - bottom) / 2})">ns per sample</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{height - top - bottom}" fill="none" stroke="#333"/>')
    legend_y = top + 10
    for method, label, colour, dash in IMPLEMENTATIONS:
        points = [(px(weights_of(n)), py(medians[(n, method)])) for n in networks if medians.get((n, method))]
        if not points:
            continue
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash_attr} points="'
                   + " ".join(f"{x:.1f},{y:.1f}" for x, y in points) + '"/>')
        for x, y in points:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        out.append(f'<line x1="{width - right + 12}" y1="{legend_y}" x2="{width - right + 40}" y2="{legend_y}" '
                   f'stroke="{colour}" stroke-width="2"{dash_attr}/>')
        out.append(f'<text x="{width - right + 46}" y="{legend_y + 4}">{label.replace("`", "")}</text>')
        legend_y += 20
    if cf:
        c = statistics.median([c for _, _, c in cf])
        out.append(f'<rect x="{px(8) - 4:.1f}" y="{py(c) - 4:.1f}" width="8" height="8" fill="black"/>')
        out.append(f'<rect x="{width - right + 22}" y="{legend_y - 4}" width="8" height="8" fill="black"/>')
        out.append(f'<text x="{width - right + 46}" y="{legend_y + 4}">C floor (article 2-2-2)</text>')
        legend_y += 20
    out.append(f'<text x="{width - right + 12}" y="{legend_y + 10}" fill="#666" font-size="10">TorchSharp-cpu: does not load here</text>')
    out.append("</svg>")
    with open(SVG, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
