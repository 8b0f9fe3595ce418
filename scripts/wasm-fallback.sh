#!/usr/bin/env bash
# Fallback for machines where rustup cannot download wasm32v1-none (tested path, see
# ../shared/notes/wasm-toolchain.md): Debian's rustc-web builds core/alloc for the target from its
# own sources; the result is linked as the rustup toolchain `provernet-wasm`, which
# runtime/build.rs selects when the default toolchain lacks the target.
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq rustc-web rust-web-src >/dev/null
work="$(mktemp -d)"
mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<'TOML'
[package]
name = "wasm-sysroot"
version = "0.0.0"
edition = "2021"
[lib]
path = "src/lib.rs"
[profile.release]
panic = "abort"
TOML
echo '#![no_std] extern crate alloc;' > "$work/src/lib.rs"
(cd "$work" && RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc CARGO_TARGET_DIR="$work/target" \
	cargo build --release -Zbuild-std=core,alloc --target wasm32v1-none)
dest=/usr/lib/rustlib/wasm32v1-none/lib
$SUDO mkdir -p "$dest"
for lib in core alloc compiler_builtins; do
	$SUDO cp "$(ls "$work"/target/wasm32v1-none/release/deps/lib${lib}-*.rlib | head -1)" "$dest/"
done
stable="$(rustup toolchain list | grep -m1 '^stable' | cut -d' ' -f1)"
lld="$(rustup run "$stable" rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
$SUDO mkdir -p /usr/lib/rustlib/x86_64-unknown-linux-gnu/bin
$SUDO ln -sf "$lld" /usr/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld
tc="$HOME/.cache/provernet/wasm-toolchain"
mkdir -p "$tc/bin"
ln -sf /usr/bin/rustc "$tc/bin/rustc"
ln -sf /usr/bin/rustdoc "$tc/bin/rustdoc"
ln -sf "$(rustup which --toolchain "$stable" cargo)" "$tc/bin/cargo"
ln -sfn /usr/lib "$tc/lib"
rustup toolchain link provernet-wasm "$tc"
rm -rf "$work"
echo "[wasm-fallback] toolchain provernet-wasm ready"
