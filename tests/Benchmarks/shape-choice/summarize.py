#!/usr/bin/env python3
"""Summarises the ShapeChoice runs (see docs/benchmarks.md, *Code shapes: unrolled or vectorised*).

Usage: summarize.py DIR, where DIR/process-N/results/ hold BenchmarkDotNet's *-report.csv of one process each.
Per process, each ratio is taken from the Mean column of that process's csv; the table shows the median over the
processes and, in brackets, the smallest and largest. Prints Markdown; standard library only.
"""
import csv
import glob
import os
import statistics
import sys

SIZES = [  # (label, weights, class, generated method names)
    ("2-2-2", 8, "ShapeChoice_2_2_2", ("GeneratedUnrolled", "GeneratedVectorized")),
    ("3-4-4-3", 40, "ShapeChoice_3_4_4_3", ("GeneratedUnrolled", "GeneratedVectorized")),
    ("3-6-6-3", 72, "ShapeChoice_3_6_6_3", ("GeneratedUnrolled", "GeneratedVectorized")),
    ("6-12-12-4", 264, "SizeSweep_6_12_12_4", (None, "GeneratedTrain")),
    ("8-16-16-4", 448, "SizeSweep_8_16_16_4", (None, "GeneratedTrain")),
]


def nanoseconds(text):
    value, unit = text.replace(",", "").split()
    return float(value) * {"ns": 1.0, "μs": 1e3, "us": 1e3, "ms": 1e6}[unit]


def means(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {row["Method"]: nanoseconds(row["Mean"]) for row in csv.DictReader(f)}


def cell(values):
    if not values:
        return "–"
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def main():
    root = sys.argv[1]
    processes = sorted(glob.glob(os.path.join(root, "process-*")))
    print(f"Computed by `tests/Benchmarks/shape-choice/summarize.py` from the `*-report.csv` of {len(processes)} processes "
          "(the Mean column); median over the processes, min–max in brackets. Vectorised and unrolled are the generated "
          "one-sample `Train` of the network declared with that `CodeShape`; at 264 and 448 weights, the size sweep's "
          "network in the shape `CodeShape.Auto` picks (vectorised).")
    print()
    print("| network | weights | vectorised / unrolled | vectorised / `Vector256` loop | unrolled / `Vector256` loop | vectorised / plain loop |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, weights, cls, (unrolled, vectorized) in SIZES:
        vu, vv, uv, vl = [], [], [], []
        for p in processes:
            files = glob.glob(os.path.join(p, "results", f"*.{cls}-report.csv"))
            if not files:
                continue
            m = means(files[0])
            vv.append(m[vectorized] / m["VectorMlpTrain"])
            if "LoopMlpTrain" in m:
                vl.append(m[vectorized] / m["LoopMlpTrain"])
            if unrolled:
                vu.append(m[vectorized] / m[unrolled])
                uv.append(m[unrolled] / m["VectorMlpTrain"])
        print(f"| {label} | {weights} | {cell(vu)} | {cell(vv)} | {cell(uv)} | {cell(vl)} |")


if __name__ == "__main__":
    main()
