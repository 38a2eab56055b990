#!/usr/bin/env bash
# The size sweep of issue 10, end to end: build (Release), measure in several processes, then write the raw results
# (docs/results/size-sweep), the chart (docs/size-sweep.svg) and the table in docs/benchmarks.md ("Size sweep").
#   tests/Benchmarks/size-sweep/run.sh            5 processes, 3 warm-up + 10 measured iterations of 250 ms per benchmark
#   tests/Benchmarks/size-sweep/run.sh --quick    3 processes, 2 + 5 iterations of 150 ms
# Needs the .NET SDK, gcc (for the C floor; without it the C floor is left out) and python3 (standard library only).
set -euo pipefail
cd "$(dirname "$0")/../../.."
mode=()
if [[ "${1:-}" == "--quick" ]]; then mode=(--quick); fi
out=docs/results/size-sweep
dotnet build -c Release tests/Benchmarks
{
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- generator runtime tests/Benchmarks || echo ' (with uncommitted changes)')"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) logical cores"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "dotnet sdk: $(dotnet --version)"
  echo "uptime before: $(uptime)"
} > /tmp/size-sweep-session.txt
tests/Benchmarks/bin/Release/net10.0/Benchmarks size-sweep "${mode[@]}" --out "$out"
echo "uptime after: $(uptime)" >> /tmp/size-sweep-session.txt
mv /tmp/size-sweep-session.txt "$out/session.txt"
python3 tests/Benchmarks/size-sweep/report.py "$out"
