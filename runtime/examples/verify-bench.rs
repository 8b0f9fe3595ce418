//! What on-chain Groth16 verification costs: the runtime's wasm, executed by the same executor
//! and host functions as `provernet-node`, verifies real demo-circuit proofs through
//! `ProofVerifierApi_verify` (the host function) and `ProofVerifierApi_verify_reference` (the pure
//! verifier compiled into the wasm), against native arkworks for the same proofs.
//!
//! The cost of a runtime call around the verification (instantiation, reading the key) is
//! measured with `ProofVerifierApi_key_info` on the same key and subtracted. Prints a table per
//! number of public inputs and the least-squares line `base + per_input × n` for each path.
//!
//! Key validation at registration is the `validate_key` host call; its native time is printed too.
//!
//! Run: `cargo run -p provernet-runtime --example verify-bench` (the dev profile optimises
//! arkworks and wasmtime, as in the node's debug build).

use codec::Encode;
use pallet_proof_verifier::{key_id, KeyBytes, Keys};
use provernet_circuits::{encode_vk, prove, secret, setup, Chain};
use provernet_primitives::proofs::{KeyInfo, ProofSystem};
use provernet_runtime::{Runtime, WASM_BINARY};
use sc_executor::WasmExecutor;
use sp_core::traits::{CallContext, CodeExecutor, RuntimeCode, WrappedRuntimeCode};
use std::time::{Duration, Instant};

type HostFunctions = (sp_io::SubstrateHostFunctions, provernet_zk::host::HostFunctions);

fn median(mut xs: Vec<Duration>) -> f64 {
	xs.sort();
	xs[xs.len() / 2].as_secs_f64() * 1e3
}

/// Least squares `y = a + b·x`.
fn fit(points: &[(f64, f64)]) -> (f64, f64) {
	let n = points.len() as f64;
	let (sx, sy) = points.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
	let (mx, my) = (sx / n, sy / n);
	let sxy: f64 = points.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
	let sxx: f64 = points.iter().map(|(x, _)| (x - mx) * (x - mx)).sum();
	let b = sxy / sxx;
	(my - b * mx, b)
}

fn main() {
	let wasm = WASM_BINARY.expect("built with the wasm runtime (do not set SKIP_WASM_BUILD)");
	let executor = WasmExecutor::<HostFunctions>::builder().build();
	let code = WrappedRuntimeCode(wasm.into());
	let runtime_code = RuntimeCode {
		code_fetcher: &code,
		heap_pages: None,
		hash: sp_io::hashing::blake2_256(wasm).to_vec(),
	};

	let storage =
		sp_runtime::BuildStorage::build_storage(&frame_system::GenesisConfig::<Runtime>::default())
			.unwrap();
	let mut rows = Vec::new();
	let mut validations = Vec::new();
	let mut ext = sp_io::TestExternalities::new(storage);
	println!("| inputs | call overhead ms | host fn (wasm call) ms | pure wasm ms | native arkworks ms | host / native |");
	println!("|-------:|-----------------:|-----------------------:|-------------:|-------------------:|--------------:|");
	for n in [1u32, 2, 4, 8, 16, 32] {
		let shape = Chain { rounds: n, inputs: n };
		let (pk, vk) = setup(shape);
		let (inputs, proof) = prove(&pk, shape, secret(u64::from(n)), u64::from(n));
		let vk = encode_vk(&vk);
		let id = key_id(ProofSystem::Groth16Bn254, &vk);
		ext.execute_with(|| {
			Keys::<Runtime>::insert(
				id,
				KeyInfo {
					system: ProofSystem::Groth16Bn254,
					public_inputs: n,
					proof_size: 128,
					security_bits: 100,
					key_len: vk.len() as u32,
					registrant: provernet_runtime::AccountId::from([1; 32]),
					deposit: 0,
					open_jobs: 0,
				},
			);
			KeyBytes::<Runtime>::insert(id, frame_support::BoundedVec::truncate_from(vk.clone()));
		});
		ext.commit_all().unwrap();
		let data = (id, inputs.clone(), proof.clone()).encode();
		let mut call = |method: &str, data: &[u8], reps: usize| {
			let mut times = Vec::with_capacity(reps);
			let mut out = Vec::new();
			for _ in 0..reps {
				let mut e = ext.ext();
				let started = Instant::now();
				let (r, _) =
					executor.call(&mut e, &runtime_code, method, data, CallContext::Offchain);
				times.push(started.elapsed());
				out = r.expect("the runtime call succeeds");
			}
			(median(times), out)
		};
		// Warm up the runtime cache (compiles the wasm once).
		call("ProofVerifierApi_key_info", &id.encode(), 3);
		let (overhead, _) = call("ProofVerifierApi_key_info", &id.encode(), 41);
		let (host, out) = call("ProofVerifierApi_verify", &data, 21);
		assert!(out.ends_with(&[]) && out[0] == 0, "the host path verifies: {out:?}");
		let (pure, out) = call("ProofVerifierApi_verify_reference", &data, 5);
		assert_eq!(out[0], 0, "the reference verifies");
		let native = median(
			(0..21)
				.map(|_| {
					let started = Instant::now();
					provernet_zk::groth16::verify(&vk, &inputs, &proof).unwrap();
					started.elapsed()
				})
				.collect(),
		);
		let validate = median(
			(0..21)
				.map(|_| {
					let started = Instant::now();
					provernet_zk::groth16::validate_key(&vk).unwrap();
					started.elapsed()
				})
				.collect(),
		);
		let (host, pure) = (host - overhead, pure - overhead);
		println!(
			"| {n:>6} | {overhead:>16.3} | {host:>22.3} | {pure:>12.2} | {native:>18.3} | {:>13.2} |",
			host / native
		);
		rows.push((f64::from(n), host, pure, native));
		validations.push((f64::from(n), validate));
	}
	let line = |f: fn(&(f64, f64, f64, f64)) -> f64| {
		fit(&rows.iter().map(|r| (r.0, f(r))).collect::<Vec<_>>())
	};
	for (name, (a, b)) in [
		("host function", line(|r| r.1)),
		("pure wasm", line(|r| r.2)),
		("native arkworks", line(|r| r.3)),
	] {
		println!("{name:>16}: {a:.3} ms + {b:.4} ms × inputs");
	}
	let (a, b) = fit(&validations);
	println!("validate key (native, the register host call): {a:.3} ms + {b:.4} ms × inputs");
}
