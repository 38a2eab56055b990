#!/usr/bin/env bash
# The generated online Train of one benchmark network from two generators, in one process, alternating: A, the
# network as one commit's generator writes it; W, as another's writes it. Each side runs the same 32 samples; after 50
# warm-up passes it prints the largest parameter difference, then seven rounds of ns per step and W/A.
# Usage: compare.sh OLD_GENERATED_DIR NEW_GENERATED_DIR NETWORK, where each directory is the generator output of a
# Release build of tests/Benchmarks (tests/Benchmarks/obj/Release/net10.0/generated/BackpropGen.Generator/
# BackpropGen.Generator.NetworkGenerator; a worktree of the older commit gives the first) and NETWORK a class there
# (Sweep128x64x10, Sweep64x64x10, Sweep16x32x32x4, Single64x64x10). Run from the repository root after a Release build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../../../.." && pwd)"
old="${1:?old generated dir}"; new="${2:?new generated dir}"; net="${3:?network}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp "$here/Program.cs" "$here/cmp.csproj" "$new/BackpropGen-VectorMath.g.cs" "$work/"
sed "s/\b$net\b/CmpA/g" "$old/BackpropGen.Benchmarks.$net.g.cs" > "$work/A.g.cs"
sed "s/\b$net\b/CmpW/g" "$new/BackpropGen.Benchmarks.$net.g.cs" > "$work/W.g.cs"
dotnet build -c Release "$work/cmp.csproj" -p:BackpropGenRuntime="$root/runtime/bin/Release/netstandard2.0/BackpropGen.dll" -o "$work/out" >/dev/null
dotnet "$work/out/cmp.dll"
