#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the tests need (npm packages including the llama.cpp
# native libraries, NuGet packages, the Debian packages and code-server the real-client tests use), builds with
# warnings as errors, runs every .NET test project, then the real-client tests (vscode-jsonrpc, Neovim, VS Code).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
start=$SECONDS
step() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - start)); }

step "npm packages"
npm ci --no-audit --no-fund --loglevel=error

step "build (Release, warnings as errors)"
dotnet build Extension.sln -c Release --nologo -v quiet -clp:ErrorsOnly

step ".NET tests"
dotnet test Extension.sln -c Release --no-build --nologo -v quiet -- RunConfiguration.TestSessionTimeout=900000

step "real-client tests (vscode-jsonrpc, Neovim, VS Code)"
FLOWLENS_SERVER_DLL="$here/server/FlowLens.Cli/bin/Release/net10.0/flowlens.dll" bash tests/client/run-all.sh

step "all tests passed"
