#!/usr/bin/env bash
# The compile cost of a generated network in a real `dotnet build` (not in process): a console project (net10.0,
# Release, Nullable and ImplicitUsings as `dotnet new console` writes them) with one 4,096-weight network,
# [Network(64, 32, 32, 32, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy)],
# in the code shape CodeShape.Auto picks and in CodeShape.Unrolled, each with the SDK's analyzers and with
# -p:RunAnalyzers=false. Each build is `--no-incremental` with `-clp:PerformanceSummary`; the script prints MSBuild's
# Csc line of each (the compile task, generator included) and keeps the whole logs.
#
# Usage, from the repository root, after `dotnet build -c Release tests/Benchmarks` (it uses the Release generator
# and runtime assemblies that build leaves in generator/bin and runtime/bin):
#   tests/Benchmarks/build-cost/run.sh OUT_DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
out="${1:?usage: run.sh OUT_DIR}"
mkdir -p "$out"
generator="$root/generator/bin/Release/netstandard2.0/BackpropGen.Generator.dll"
runtime="$root/runtime/bin/Release/netstandard2.0/BackpropGen.dll"
for f in "$generator" "$runtime"; do
  [ -f "$f" ] || { echo "missing $f: run dotnet build -c Release tests/Benchmarks first" >&2; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <Analyzer Include="$generator" />
    <Reference Include="$runtime" />
  </ItemGroup>
</Project>
XML
write_network() {
  cat > "$work/Program.cs" <<CS
using BackpropGen;
Console.WriteLine(new Net().LearningRate);
[Network(64, 32, 32, 32, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy$1)]
public partial class Net { }
CS
}
build() { # name, extra msbuild arguments
  local name="$1"; shift
  echo "// $name: $(date -u '+%F %T') | $(uptime)" | tee -a "$out/build-cost.txt"
  dotnet build "$work/Consumer.csproj" -c Release --no-incremental -clp:PerformanceSummary "$@" > "$out/$name.log" 2>&1
  grep -E '^ +[0-9]+ ms +Csc +[0-9]+ calls' "$out/$name.log" | sed "s/^/$name: /" | tee -a "$out/build-cost.txt"
}
write_network ""
build warm-up
build auto-analyzers
build auto-no-analyzers -p:RunAnalyzers=false
write_network ", CodeShape = CodeShape.Unrolled"
build unrolled-analyzers
build unrolled-no-analyzers -p:RunAnalyzers=false
echo "// done: $(date -u '+%F %T') | $(uptime)" | tee -a "$out/build-cost.txt"
