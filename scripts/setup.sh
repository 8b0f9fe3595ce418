#!/usr/bin/env bash
# Installs what the build needs; idempotent, safe to run every time.
#  - protoc (litep2p / sc-network build scripts); mold, the linker `.cargo/config.toml` names;
#  - a Rust toolchain that builds the runtime to wasm32v1-none: rustup's target + rust-src, or,
#    where rustup cannot download, Debian's rustc-web with a core/alloc built for the target and
#    linked as the rustup toolchain `provernet-wasm` (runtime/build.rs picks it by itself);
#  - Node.js packages of the end-to-end tests (@polkadot/api, what wallets use).
set -euo pipefail
. "$(dirname "$0")/env.sh"

log() { echo "[setup] $*"; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
apt_updated=""
apt_install() {
	if [ -z "$apt_updated" ]; then $SUDO apt-get update -qq; apt_updated=1; fi
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# 1. System packages.
command -v protoc >/dev/null || { log "installing protobuf-compiler"; apt_install protobuf-compiler; }
command -v python3 >/dev/null || { log "installing python3"; apt_install python3; }
command -v node >/dev/null || { log "installing nodejs"; apt_install nodejs npm; }
# The linker `.cargo/config.toml` names (several times faster than ld.bfd on our test binaries).
command -v mold >/dev/null || { log "installing mold"; apt_install mold; }

# 2. Rust and the wasm target.
if ! command -v cargo >/dev/null; then
	log "no cargo on PATH: install rustup first"; exit 1
fi
sysroot="$(rustc --print sysroot)"
if [ ! -d "$sysroot/lib/rustlib/wasm32v1-none/lib" ]; then
	log "adding the wasm32v1-none target"
	if ! { rustup target add wasm32v1-none && rustup component add rust-src; }; then
		log "rustup could not download the target: building it from Debian's compiler sources"
		bash "$PROVERNET_ROOT/scripts/wasm-fallback.sh"
	fi
fi

# 3. End-to-end test client.
if [ ! -d "$PROVERNET_ROOT/tests/e2e/node_modules/@polkadot/api" ]; then
	log "installing the e2e test client (npm ci)"
	(cd "$PROVERNET_ROOT/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi
log "ok (target dir: $CARGO_TARGET_DIR)"
