#!/usr/bin/env bash
# Builds provernet-node (debug profile; the runtime blob inside is release-optimised wasm).
#
# With exactly the build command of scripts/test.sh — every workspace crate but the benchmark tool
# and the clients, bins, tests and examples — so cargo resolves features once for both README
# commands and they share every artifact: `cargo build -p provernet-node` alone resolves the FRAME
# stack's features differently (no dev-dependencies) and compiles it, and the runtime, a second
# time (≈ 20 min here). On a fresh machine this builds the tests too (a few minutes more); after
# either command it builds nothing.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$PROVERNET_ROOT"
cargo build --locked --workspace --exclude provernet-bench --exclude provernet-client \
	--bins --tests --examples
echo "[build] $PROVERNET_NODE"
