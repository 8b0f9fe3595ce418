#!/usr/bin/env bash
# Builds provernet-node (debug profile; the runtime blob inside is release-optimised wasm).
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$PROVERNET_ROOT"
cargo build --locked -p provernet-node
echo "[build] $PROVERNET_NODE"
