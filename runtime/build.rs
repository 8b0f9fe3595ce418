//! Builds the runtime to WebAssembly (skipped with `SKIP_WASM_BUILD=1`).
//!
//! The blob is built for `wasm32v1-none`. `scripts/setup.sh` installs that target with rustup; where
//! rustup cannot download, it builds the target's `core`/`alloc` with Debian's compiler and links a
//! rustup toolchain named `provernet-wasm` (see `../shared/notes/wasm-toolchain.md`). This script
//! picks that toolchain by itself when the default one lacks the target, so nobody exports anything.

#[cfg(feature = "std")]
fn default_toolchain_has_wasm_target() -> bool {
	let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
	std::process::Command::new(rustc)
		.args(["--print", "sysroot"])
		.output()
		.ok()
		.and_then(|out| String::from_utf8(out.stdout).ok())
		.map(|sysroot| {
			std::path::Path::new(sysroot.trim())
				.join("lib/rustlib/wasm32v1-none/lib")
				.exists()
		})
		.unwrap_or(false)
}

#[cfg(feature = "std")]
fn fallback_toolchain_linked() -> bool {
	std::process::Command::new("rustup")
		.args(["toolchain", "list"])
		.output()
		.ok()
		.and_then(|out| String::from_utf8(out.stdout).ok())
		.map(|list| list.lines().any(|l| l.starts_with("provernet-wasm")))
		.unwrap_or(false)
}

fn main() {
	#[cfg(feature = "std")]
	{
		println!("cargo:rerun-if-env-changed=WASM_BUILD_TOOLCHAIN");
		// The shared target directory lives outside the clone, so the wasm builder cannot find the
		// workspace's Cargo.lock by walking up from it: point it at the workspace.
		if std::env::var_os("WASM_BUILD_WORKSPACE_HINT").is_none() {
			let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it; qed");
			let workspace = std::path::Path::new(&manifest).join("..");
			std::env::set_var("WASM_BUILD_WORKSPACE_HINT", workspace);
		}
		if std::env::var_os("WASM_BUILD_TOOLCHAIN").is_none()
			&& !default_toolchain_has_wasm_target()
			&& fallback_toolchain_linked()
		{
			std::env::set_var("WASM_BUILD_TOOLCHAIN", "provernet-wasm");
		}
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
