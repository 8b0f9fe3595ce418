#!/usr/bin/env bash
# Regenerates chain-specs/dev.json (plain) and chain-specs/local.json (raw) from the runtime's
# genesis presets, through the built node.
set -euo pipefail
. "$(dirname "$0")/env.sh"
out="${1:-$PROVERNET_ROOT/chain-specs}"
mkdir -p "$out"
[ -x "$PROVERNET_NODE" ] || bash "$PROVERNET_ROOT/scripts/build-node.sh"
"$PROVERNET_NODE" build-spec --chain dev --disable-default-bootnode 2>/dev/null > "$out/dev.json"
"$PROVERNET_NODE" build-spec --chain local --raw --disable-default-bootnode 2>/dev/null > "$out/local.json"
echo "[chain-specs] wrote $out/dev.json $out/local.json"
