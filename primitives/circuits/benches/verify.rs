//! Native costs: Groth16 verification by number of public inputs (our decoder + verifier, which
//! is what the node's host function runs, against arkworks' own verifier with a prepared key),
//! and proving time by circuit size.
//!
//! Run: `cargo bench -p provernet-circuits --bench verify`.

#![allow(missing_docs)] // criterion's macros generate undocumented functions.

use ark_bn254::Bn254;
use ark_groth16::Groth16;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use provernet_circuits::{encode_vk, prove, secret, setup, Chain};
use provernet_zk::encoding::{decode_inputs, Proof};
use std::{hint::black_box, time::Duration};

fn verify(c: &mut Criterion) {
	let mut group = c.benchmark_group("verify");
	group.sample_size(20).measurement_time(Duration::from_secs(3));
	for n in [1u32, 4, 16, 32] {
		let shape = Chain { rounds: n, inputs: n };
		let (pk, vk) = setup(shape);
		let (inputs, proof) = prove(&pk, shape, secret(1), 1);
		let vk_bytes = encode_vk(&vk);
		group.bench_with_input(BenchmarkId::new("provernet-zk (host fn body)", n), &n, |b, _| {
			b.iter(|| provernet_zk::groth16::verify(black_box(&vk_bytes), &inputs, &proof).unwrap())
		});
		let pvk = ark_groth16::prepare_verifying_key(&vk);
		let p = Proof::decode(&proof).unwrap();
		let p = ark_groth16::Proof::<Bn254> { a: p.a, b: p.b, c: p.c };
		let xs = decode_inputs(&inputs, n).unwrap();
		group.bench_with_input(BenchmarkId::new("arkworks prepared key", n), &n, |b, _| {
			b.iter(|| assert!(Groth16::<Bn254>::verify_proof(black_box(&pvk), &p, &xs).unwrap()))
		});
	}
	group.finish();
}

fn prove_by_size(c: &mut Criterion) {
	let mut group = c.benchmark_group("prove");
	group.sample_size(10).measurement_time(Duration::from_secs(5));
	for rounds in [16u32, 256, 4096] {
		let shape = Chain { rounds, inputs: 1 };
		let (pk, _) = setup(shape);
		group.bench_with_input(BenchmarkId::new("chain rounds", rounds), &rounds, |b, _| {
			b.iter(|| prove(black_box(&pk), shape, secret(2), 2))
		});
	}
	group.finish();
}

criterion_group!(benches, verify, prove_by_size);
criterion_main!(benches);
