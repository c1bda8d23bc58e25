#!/usr/bin/env bash
# Installs what the client tests need (idempotently) and runs them:
#   1. graph renderer unit tests and LSP conformance over stdio (node --test, vscode-jsonrpc),
#   2. Neovim 0.7 as an LSP client (headless),
#   3. VS Code end to end: our .vsix in code-server 4.100.3, driven in Chromium by playwright-core, its
#      OpenAI-compatible backend pointed at a scripted model server (support/scripted-openai-server.mjs).
# Usage: tests/client/run-all.sh [install|unit|conformance|neovim|e2e ...]   (default: all but install,
#        which only installs and runs nothing)
# Environment: FLOWLENS_SERVER_DLL to test a server build other than the Debug one;
#              FLOWLENS_SKIP_INSTALL=1 to skip the install checks (CI images that already have them).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tools="$here/.tools"
out="$here/out"
code_server_version=4.100.3
mkdir -p "$tools" "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '\n== %s (%ss)\n' "$*" "$SECONDS"; }

install_apt() {
  local missing=()
  command -v nvim >/dev/null || missing+=(neovim)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v rg >/dev/null || missing+=(ripgrep)
  # code-server's native modules (kerberos, argon2) build from source against these.
  dpkg -s libkrb5-dev build-essential pkg-config python3 >/dev/null 2>&1 || missing+=(libkrb5-dev build-essential pkg-config python3)
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

install_npm() {
  if [[ ! -d "$repo/node_modules/vscode-languageclient" || ! -d "$repo/node_modules/playwright-core" ]]; then
    log "npm ci"
    (cd "$repo" && npm ci --no-audit --no-fund)
  fi
}

install_code_server() {
  if [[ -x "$tools/node_modules/.bin/code-server" ]] && "$tools/node_modules/.bin/code-server" --version 2>/dev/null | grep -q "^$code_server_version"; then
    return
  fi
  log "install code-server $code_server_version into $tools"
  # The postinstall of @vscode/ripgrep downloads rg from GitHub; seed its cache with Debian's rg.
  local tmp="${TMPDIR:-/tmp}"
  local cache="$tmp/vscode-ripgrep-cache-1.15.11"
  local tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [[ ! -s "$tarball" ]]; then
    mkdir -p "$cache"
    local stage; stage="$(mktemp -d)"
    cp "$(command -v rg)" "$stage/rg"
    tar -czf "$tarball" -C "$stage" rg
    rm -rf "$stage"
  fi
  [[ -f "$tools/package.json" ]] || echo '{ "name": "flowlens-test-tools", "private": true }' >"$tools/package.json"
  (cd "$tools" && npm_config_yes=true npm_config_unsafe_perm=true npm_config_nodedir=/usr \
    npm install --no-audit --no-fund --no-save "code-server@$code_server_version")
}

build_client() {
  log "build the client"
  (cd "$repo" && npm run --silent compile)
}

build_server() {
  local dll="${FLOWLENS_SERVER_DLL:-$repo/server/FlowLens.Cli/bin/Debug/net10.0/flowlens.dll}"
  if [[ -z "${FLOWLENS_SERVER_DLL:-}" ]]; then
    log "dotnet build server/FlowLens.Cli"
    (cd "$repo" && dotnet build server/FlowLens.Cli -c Debug -v quiet -nologo)
  fi
  export FLOWLENS_SERVER_DLL="$dll"
}

run_unit() {
  log "unit tests: graph renderer, server finder, scripted model server"
  node --test "$here/graph.test.mjs" "$here/bootstrap.test.mjs" "$here/scripted-openai-server.test.mjs"
}

run_conformance() {
  log "LSP conformance over stdio"
  node --test --test-concurrency=1 "$here/conformance.test.mjs"
}

run_neovim() {
  log "Neovim $(nvim --version | head -1)"
  node --test "$here/neovim.test.mjs"
}

# Steps run under `||`, where errexit is off, so a failing command must return explicitly.
run_e2e() {
  log "package the .vsix"
  rm -f "$out/flowlens.vsix"
  (cd "$repo" && node client-vscode/scripts/package.mjs --out "$out/flowlens.vsix") || return 1
  if [[ -n "$code_server_pid" ]] && ! wait "$code_server_pid"; then
    cat "$out/code-server-install.log"
    log "installing code-server failed"
    return 1
  fi
  log "VS Code (code-server $code_server_version) end to end"
  FLOWLENS_VSIX="$out/flowlens.vsix" CODE_SERVER="$tools/node_modules/.bin/code-server" \
    node --test "$here/e2e.test.mjs"
}

steps=("$@")
((${#steps[@]})) || steps=(unit conformance neovim e2e)

code_server_pid=
if [[ "${FLOWLENS_SKIP_INSTALL:-}" != 1 ]]; then
  install_apt
  install_npm
  if [[ "${steps[*]}" == install ]]; then
    install_code_server
    log "installed"
    exit 0
  fi
  if [[ " ${steps[*]} " == *" e2e "* ]]; then
    # Mostly download and unpack: overlap it with the builds and the first tests.
    install_code_server >"$out/code-server-install.log" 2>&1 &
    code_server_pid=$!
    # Never leave a half-finished install running behind an early failure.
    trap 'wait' EXIT
  fi
fi
build_client
if [[ " ${steps[*]} " =~ " "(conformance|neovim)" " ]]; then
  build_server
fi
# Every step runs even when an earlier one fails, so one CI run reports all of them.
failed=()
for step in "${steps[@]}"; do
  "run_$step" || failed+=("$step")
done
if ((${#failed[@]})); then
  log "FAILED: ${failed[*]} (logs and screenshots in $out)"
  exit 1
fi
log "all client tests passed"
