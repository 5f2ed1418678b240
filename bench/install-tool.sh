#!/usr/bin/env bash
# Packs the tool and installs it into DIR/tools from the packed folder, as a user installs it, and prints the command's
# path. Startup benchmarks time this installed tool, not the build output: on linux-x64 the package carries ReadyToRun
# code that the build output lacks (docs/install.md). usage: bench/install-tool.sh DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"; dir="$1"
rm -rf "$dir/nupkg" "$dir/tools"
dotnet pack "$root/src/Tool" -c Release -o "$dir/nupkg" -nologo -v q >/dev/null
dotnet tool install TraceCurate --tool-path "$dir/tools" --add-source "$dir/nupkg" >/dev/null
echo "$dir/tools/dotnet-trace-curate"
