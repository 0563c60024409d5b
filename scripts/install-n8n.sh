#!/usr/bin/env bash
# Installs a real n8n for the end-to-end tests in test/e2e/n8n, outside the pnpm
# workspace (it is ~2.8 GB and must never become a workspace dependency).
#
#   AEGIS_N8N_DIR      where to install (default: <repo>/.n8n-runtime, gitignored)
#   AEGIS_N8N_VERSION  n8n version (default 2.40.7: 2.41.x pulls a dependency
#                      version the registry does not serve here)
#
# Idempotent: a marker file written after the last step makes later runs a no-op.
# Steps that work on these machines (see shared/reference/n8n.md):
#   1. `npm install n8n@<v> --ignore-scripts` under the project-local Node 24;
#   2. build sqlite3's native module with node-gyp. It is an N-API module, so
#      building it against the system Node's headers gives a binary that loads
#      on Node 24, and nothing needs to be downloaded from nodejs.org.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="${AEGIS_N8N_DIR:-$repo/.n8n-runtime}"
version="${AEGIS_N8N_VERSION:-2.40.7}"
marker="$dir/.installed-n8n-$version"
node24="$repo/node_modules/.bin/node"

if [[ -f "$marker" && -x "$dir/node_modules/.bin/n8n" ]]; then
  echo "n8n $version already installed in $dir"
  exit 0
fi

if [[ ! -x "$node24" ]]; then
  echo "install-n8n: $node24 is missing; run 'npx -y pnpm@12.4.2 install' first" >&2
  exit 1
fi
major="$("$node24" -p 'process.versions.node.split(".")[0]')"
if (( major < 24 )); then
  echo "install-n8n: n8n 2.x needs Node >= 24, $node24 is $("$node24" -v)" >&2
  exit 1
fi

mkdir -p "$dir"
cd "$dir"
# A package.json of its own keeps npm from walking up into the pnpm workspace.
cat > package.json <<EOF
{ "name": "aegis-n8n-runtime", "private": true, "dependencies": { "n8n": "$version" } }
EOF

started=$SECONDS
echo "== installing n8n $version into $dir (takes a few minutes)"
# npm runs on whichever `node` is first on PATH: put the project-local Node 24 there.
PATH="$(dirname "$node24"):$PATH" npm install --ignore-scripts --no-audit --no-fund \
  --loglevel=error

echo "== building sqlite3's native module"
sqlite_dir="$dir/node_modules/sqlite3"
gyp_args=(rebuild)
# Local headers avoid a download from nodejs.org (no network but the registries).
for prefix in /usr /usr/local "$(dirname "$(dirname "$(command -v node)")")"; do
  if [[ -f "$prefix/include/node/node_api.h" ]]; then
    gyp_args+=("--nodedir=$prefix")
    break
  fi
done
# n8n's own node-gyp (a dependency of n8n) is the one npx finds here.
gyp_log="$dir/.node-gyp.log"
if ! (cd "$sqlite_dir" && npx -y node-gyp "${gyp_args[@]}" >"$gyp_log" 2>&1); then
  tail -n 40 "$gyp_log" >&2
  echo "install-n8n: building sqlite3 failed (full log: $gyp_log)" >&2
  exit 1
fi

echo "== checking that n8n starts on $("$node24" -v)"
"$node24" -e "require('$sqlite_dir')"
"$node24" "$dir/node_modules/n8n/bin/n8n" --version

touch "$marker"
echo "== n8n $version installed in $((SECONDS - started))s"
