//! The client's checked-in metadata (`client/metadata.scale`, from which `provernet` and
//! `provernet-prover` generate their types) is the runtime's. Regenerate it with
//! `cargo run -p provernet-runtime --example metadata`.

#[test]
fn client_metadata_is_current() {
	// In empty state: the referenda tracks read `FastTracks` (false: the live tracks).
	let metadata = sp_io::TestExternalities::default()
		.execute_with(|| provernet_runtime::Runtime::metadata_at_version(16))
		.expect("V16 metadata");
	let checked_in =
		std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../client/metadata.scale"))
			.expect("client/metadata.scale exists");
	assert!(
		*metadata == checked_in,
		"client/metadata.scale is stale: run `cargo run -p provernet-runtime \
		 --example metadata` and rebuild the client"
	);
}
