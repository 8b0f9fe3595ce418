# Sourced by every script and by .ci/run: one cargo target directory outside the clone, shared by
# all checkouts on this machine, so CI after a session starts warm. Keep this environment identical
# everywhere (changing build-affecting variables between builds invalidates the cache).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/provernet/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export WASM_BUILD_NO_COLOR=1
# Release-profile runtime blob, whatever the outer profile (the wasm builder's default).
export WASM_BUILD_TYPE="${WASM_BUILD_TYPE:-release}"
PROVERNET_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PROVERNET_ROOT
export PROVERNET_NODE="$CARGO_TARGET_DIR/debug/provernet-node"
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
true
