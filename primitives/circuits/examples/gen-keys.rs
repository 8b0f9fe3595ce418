//! Regenerates the checked-in verifying keys (`keys/*.vk.hex`) and the proof fixtures the
//! verifier pallet's benchmarks use (`pallets/proof-verifier/src/fixtures.bin`: for each
//! `n = 1..=32`, a key with `n` public inputs, inputs and a valid proof, SCALE-encoded), and the
//! end-to-end tests' proof (`tests/e2e/fixtures/chain-16x1.json`: hex key, inputs, proof, and a
//! proof of another secret).
//!
//! Run: `cargo run --release -p provernet-circuits --example gen-keys`.

use codec::Encode;
use provernet_circuits::{encode_vk, prove, secret, setup, Chain, KNOWN};
use std::{fs, path::Path, time::Instant};

fn main() {
	let root = Path::new(env!("CARGO_MANIFEST_DIR"));
	for (name, shape) in KNOWN {
		let started = Instant::now();
		let (_, vk) = setup(shape);
		let path = root.join("keys").join(format!("{name}.vk.hex"));
		fs::write(&path, hex::encode(encode_vk(&vk)) + "\n").expect("write key");
		println!("{name}: {} constraints, setup {:.2?}", shape.constraints(), started.elapsed());
	}
	let fixtures: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = (1..=provernet_zk::MAX_PUBLIC_INPUTS)
		.map(|n| {
			let shape = Chain { rounds: n, inputs: n };
			let (pk, vk) = setup(shape);
			let (inputs, proof) = prove(&pk, shape, secret(u64::from(n)), u64::from(n));
			(encode_vk(&vk), inputs, proof)
		})
		.collect();
	let shape = KNOWN[0].1;
	let (pk, vk) = setup(shape);
	let (inputs, proof) = prove(&pk, shape, secret(42), 42);
	let (other_inputs, _) = prove(&pk, shape, secret(43), 43);
	let json = format!(
		"{{\n  \"key\": \"0x{}\",\n  \"inputs\": \"0x{}\",\n  \"proof\": \"0x{}\",\n  \"otherInputs\": \"0x{}\"\n}}\n",
		hex::encode(encode_vk(&vk)),
		hex::encode(&inputs),
		hex::encode(&proof),
		hex::encode(&other_inputs)
	);
	let e2e = root.join("../../tests/e2e/fixtures");
	fs::create_dir_all(&e2e).expect("create e2e fixtures dir");
	fs::write(e2e.join("chain-16x1.json"), json).expect("write e2e fixture");
	let out = root.join("../../pallets/proof-verifier/src/fixtures.bin");
	fs::write(&out, fixtures.encode()).expect("write fixtures");
	println!("fixtures: {} keys with 1..=32 inputs → {}", fixtures.len(), out.display());
}
