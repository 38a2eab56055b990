#!/usr/bin/env python3
"""Summarise PrecisionChoice runs: per size, float/double per process and their median, from BenchmarkDotNet's CSVs.

usage: summarize.py DIR   (DIR holds process-1/, process-2/, ... each with results/*PrecisionChoice*-report.csv)
"""
import csv, glob, os, statistics, sys

def ns(text):
    value, unit = text.replace(',', '').split()
    return float(value) * {'ns': 1, 'μs': 1e3, 'us': 1e3, 'ms': 1e6}[unit]

root = sys.argv[1]
processes = sorted(p for p in glob.glob(os.path.join(root, 'process-*')) if os.path.isdir(p))
rows = {}
for p in processes:
    for path in glob.glob(os.path.join(p, 'results', '*PrecisionChoice*-report.csv')):
        size = int(path.split('PrecisionChoice')[1].split('-')[0])
        with open(path, encoding='utf-8') as f:
            for r in csv.DictReader(f):
                rows.setdefault(size, {}).setdefault(r['Method'], []).append(ns(r['Mean']))

print('| weights | double step (ns/sample) | float step | float / double step | double mini-batch | float mini-batch | float / double mini-batch |')
print('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
for size in sorted(rows):
    m = rows[size]
    def med(name): return statistics.median(m[name])
    step = [s / d for s, d in zip(m['SingleTrain'], m['DoubleTrain'])]
    batch = [s / d for s, d in zip(m['SingleMiniBatch'], m['DoubleMiniBatch'])]
    fmt = lambda xs: f"{statistics.median(xs):.2f}x ({min(xs):.2f}–{max(xs):.2f})"
    print(f"| {size:,} | {med('DoubleTrain'):,.0f} | {med('SingleTrain'):,.0f} | {fmt(step)} | {med('DoubleMiniBatch'):,.0f} | {med('SingleMiniBatch'):,.0f} | {fmt(batch)} |")
print()
print(f"Medians over {len(processes)} processes of the mean time per sample; ratios per process, median (min–max).")
