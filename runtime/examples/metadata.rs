//! Writes the runtime's metadata (V16, the encoded `RuntimeMetadataPrefixed` a node serves from
//! `state_getMetadata`) to the path given, default `client/metadata.scale`. The `provernet`
//! client generates its types from that file; `tests/metadata.rs` fails when it is stale.
//!
//! `cargo run -p provernet-runtime --example metadata [PATH]` (`SKIP_WASM_BUILD=1` skips the wasm build)

fn main() {
	let path = std::env::args().nth(1).unwrap_or_else(|| {
		concat!(env!("CARGO_MANIFEST_DIR"), "/../client/metadata.scale").to_string()
	});
	// In empty state: the referenda tracks read `FastTracks` (false: the live tracks).
	let metadata = sp_io::TestExternalities::default()
		.execute_with(|| provernet_runtime::Runtime::metadata_at_version(16))
		.expect("V16 metadata");
	std::fs::write(&path, &*metadata).expect("write the metadata");
	println!("{} bytes of metadata written to {path}", metadata.len());
}
