#!/usr/bin/env bash
# Regenerates Proto/Onnx.cs from Proto/onnx.proto (the official ONNX schema, copied unchanged from Debian's
# python3-onnx 1.12.0: /usr/lib/python3/dist-packages/onnx/onnx.proto, Apache-2.0) with protoc from the
# Google.Protobuf.Tools NuGet package (the version in Directory.Packages.props). The classes are internal.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dotnet restore "$here/../BackpropGen.Onnx.csproj" >/dev/null
version="$(sed -n 's/.*"Google.Protobuf.Tools" Version="\([^"]*\)".*/\1/p' "$here/../../../Directory.Packages.props")"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
tools="$packages/google.protobuf.tools/$version/tools"
case "$(uname -m)" in x86_64) arch=linux_x64 ;; aarch64) arch=linux_arm64 ;; *) arch=linux_x86 ;; esac
protoc="$tools/$arch/protoc"
chmod +x "$protoc"
"$protoc" --proto_path="$here" --csharp_out="$here" --csharp_opt=internal_access "$here/onnx.proto"
echo "wrote $here/Onnx.cs with $("$protoc" --version)"
