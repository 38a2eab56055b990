#!/usr/bin/env bash
# A one-off experiment (2026-12-02): would Vector512 online kernels pay on this CPU? The generated 128-64-10 network
# (8,832 weights) against a copy whose dominant loop (the first layer's pending update fused with its forward pass,
# 8,192 of the 8,832 weights) is rewritten to Vector512 by transform.py; one process, alternating, Train per sample.
# Usage, from the repository root, after `dotnet build -c Release tests/Benchmarks` (LargeNetwork is on in Release):
#   bash docs/results/session-2026-12-02b/vector512-first-layer/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../../../.." && pwd)"
generated="$root/tests/Benchmarks/obj/Release/net10.0/generated/BackpropGen.Generator/BackpropGen.Generator.NetworkGenerator"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp "$here/Program.cs" "$here/v512.csproj" "$work/"
cp "$generated/BackpropGen-VectorMath.g.cs" "$work/"
cp "$generated/BackpropGen.Benchmarks.Sweep128x64x10.g.cs" "$work/A.g.cs"
sed 's/Sweep128x64x10/Sweep128x64x10W/g' "$work/A.g.cs" > "$work/W.g.cs"
python3 "$here/transform.py" "$work/W.g.cs"
dotnet build -c Release "$work/v512.csproj" -p:BackpropGenRuntime="$root/runtime/bin/Release/netstandard2.0/BackpropGen.dll" -o "$work/out" >/dev/null
dotnet "$work/out/v512.dll"
