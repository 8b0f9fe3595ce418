//! Registry, deposits, limits and verification of real proofs from the demo circuits. Every test
//! ends with the pallet's `try_state` and the issuance checks (`ExtBuilder::build_and_execute`).

use crate::{key_id, mock::*, Error, Event, KeyBytes, Keys};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use provernet_circuits::Chain;
use provernet_primitives::proofs::{
	Groth16Error, KeyInfo, ProofSystem, ProofVerifier, Settlement, VerifyError,
};

const SMALL: Chain = Chain { rounds: 16, inputs: 1 };
const TWO: Chain = Chain { rounds: 24, inputs: 2 };
const G: ProofSystem = ProofSystem::Groth16Bn254;

fn hold_reason() -> RuntimeHoldReason {
	crate::HoldReason::KeyDeposit.into()
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&hold_reason(), &who)
}

fn register(who: AccountId, f: &Fixture) -> [u8; 32] {
	assert_ok!(Verifier::register_verifying_key(RuntimeOrigin::signed(who), G, f.vk.clone()));
	key_id(G, &f.vk)
}

#[test]
fn a_real_key_is_registered_with_its_info_and_deposit() {
	ExtBuilder::build_and_execute(|| {
		let f = fixture(TWO, 1);
		let id = register(ALICE, &f);
		let deposit = BASE + PER_BYTE * f.vk.len() as Balance;
		let info = KeyInfo {
			system: G,
			public_inputs: 2,
			proof_size: 128,
			security_bits: 100,
			key_len: f.vk.len() as u32,
			registrant: ALICE,
			deposit,
			open_jobs: 0,
		};
		assert_eq!(Keys::<Test>::get(id), Some(info.clone()));
		assert_eq!(Verifier::key_info(id), Some(info.clone()));
		assert_eq!(<Verifier as ProofVerifier<_>>::key_info(&id), Some(info));
		assert_eq!(KeyBytes::<Test>::get(id).unwrap().to_vec(), f.vk);
		assert_eq!(held(ALICE), deposit);
		assert_eq!(Balances::balance(&ALICE), START - deposit);
		assert_eq!(
			verifier_events(),
			vec![Event::KeyRegistered {
				key: id,
				registrant: ALICE,
				system: G,
				public_inputs: 2,
				deposit
			}]
		);
	});
}

#[test]
fn the_same_key_twice_is_the_same_id_and_refused() {
	ExtBuilder::build_and_execute(|| {
		let f = fixture(SMALL, 1);
		let id = register(ALICE, &f);
		assert_noop!(
			Verifier::register_verifying_key(RuntimeOrigin::signed(BOB), G, f.vk.clone()),
			Error::<Test>::AlreadyRegistered
		);
		// The id hashes the system too: the same bytes as an attested system are another key.
		assert_ok!(Verifier::register_verifying_key(
			RuntimeOrigin::signed(BOB),
			ProofSystem::Attested,
			f.vk.clone()
		));
		assert_ne!(key_id(ProofSystem::Attested, &f.vk), id);
		assert_eq!(Keys::<Test>::iter().count(), 2);
	});
}

/// The first `x` (as a G1 coordinate) with no point on the curve.
fn off_curve_g1() -> [u8; 32] {
	(1u8..)
		.map(|x| {
			let mut b = [0u8; 32];
			b[0] = x;
			b
		})
		.find(|b| {
			provernet_zk::encoding::decode_g1(b, true)
				== Err(provernet_zk::encoding::PointError::NotOnCurve)
		})
		.unwrap()
}

#[test]
fn invalid_keys_get_specific_errors_and_change_nothing() {
	ExtBuilder::build_and_execute(|| {
		let vk = fixture(TWO, 1).vk;
		let try_key =
			|k: Vec<u8>| Verifier::register_verifying_key(RuntimeOrigin::signed(ALICE), G, k);
		assert_noop!(try_key(vk[..vk.len() - 1].to_vec()), Error::<Test>::KeyLength);
		assert_noop!(try_key(vec![]), Error::<Test>::KeyLength);
		let mut k = vk.clone();
		k[..32].copy_from_slice(&off_curve_g1());
		assert_noop!(try_key(k), Error::<Test>::KeyPointNotOnCurve);
		let mut k = vk.clone();
		k[..32].copy_from_slice(&[0xff; 32]);
		k[31] = 0x3f; // no flags, x ≥ p
		assert_noop!(try_key(k), Error::<Test>::KeyEncoding);
		// 33 inputs: over the bound (the length matches what it declares; `MaxKeyLen` also fits
		// a zkVM key's ids, so it is the input count that refuses it).
		let mut k = vk.clone();
		k[224..232].copy_from_slice(&34u64.to_le_bytes());
		k.resize(provernet_zk::vk_len(33), 0);
		assert_noop!(try_key(k), Error::<Test>::TooManyInputs);
		let mut k = vk.clone();
		k.resize(provernet_zk::max_key_len(32) + 1, 0);
		assert_noop!(try_key(k), Error::<Test>::KeyTooLong);
		assert_eq!(held(ALICE), 0);
	});
}

#[test]
fn keys_outside_the_governed_limits_are_refused() {
	ExtBuilder::build_and_execute(|| {
		let f = fixture(SMALL, 1);
		MaxProofSize::set(127);
		assert_noop!(
			Verifier::register_verifying_key(RuntimeOrigin::signed(ALICE), G, f.vk.clone()),
			Error::<Test>::ProofTooLarge
		);
		MaxProofSize::set(128);
		MinSecurityBits::set(101);
		assert_noop!(
			Verifier::register_verifying_key(RuntimeOrigin::signed(ALICE), G, f.vk.clone()),
			Error::<Test>::SecurityTooLow
		);
		// An attested system records 128 bits: still fine.
		assert_ok!(Verifier::register_verifying_key(
			RuntimeOrigin::signed(ALICE),
			ProofSystem::Attested,
			b"attester key and measurement".to_vec()
		));
		MinSecurityBits::set(100);
		register(ALICE, &f);
	});
}

#[test]
fn tightened_limits_stop_new_jobs_but_not_open_ones() {
	ExtBuilder::build_and_execute(|| {
		let f = fixture(SMALL, 3);
		let id = register(ALICE, &f);
		assert_eq!(<Verifier as ProofVerifier<_>>::acquire(&id).unwrap().open_jobs, 1);
		MinSecurityBits::set(128);
		assert_eq!(
			<Verifier as ProofVerifier<_>>::ensure_usable(&id),
			Err(VerifyError::SecurityTooLow)
		);
		assert_eq!(<Verifier as ProofVerifier<_>>::acquire(&id), Err(VerifyError::SecurityTooLow));
		MinSecurityBits::set(100);
		MaxProofSize::set(64);
		assert_eq!(<Verifier as ProofVerifier<_>>::acquire(&id), Err(VerifyError::ProofTooLarge));
		assert_eq!(Keys::<Test>::get(id).unwrap().open_jobs, 1);
		// The open job's proof still verifies.
		let v = <Verifier as ProofVerifier<_>>::verify(&id, &f.inputs, &f.proof).unwrap();
		assert_eq!(v.settlement, Settlement::Final);
		assert_ok!(<Verifier as ProofVerifier<_>>::release(&id));
		assert_eq!(<Verifier as ProofVerifier<_>>::acquire(&[9; 32]), Err(VerifyError::UnknownKey));
	});
}

#[test]
fn a_deposit_that_cannot_be_held_is_a_clear_error() {
	ExtBuilder::build_and_execute(|| {
		let f = fixture(SMALL, 1);
		assert!(BASE + f.vk.len() as Balance > 150);
		assert_noop!(
			Verifier::register_verifying_key(RuntimeOrigin::signed(POOR), G, f.vk.clone()),
			Error::<Test>::InsufficientDeposit
		);
	});
}

#[test]
fn unregister_returns_the_deposit_only_when_no_open_job_uses_the_key() {
	ExtBuilder::build_and_execute(|| {
		let f = fixture(SMALL, 1);
		let id = register(ALICE, &f);
		let deposit = held(ALICE);
		assert_noop!(
			Verifier::unregister_verifying_key(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotRegistrant
		);
		assert_noop!(
			Verifier::unregister_verifying_key(RuntimeOrigin::signed(ALICE), [7; 32]),
			Error::<Test>::UnknownKey
		);
		<Verifier as ProofVerifier<_>>::acquire(&id).unwrap();
		<Verifier as ProofVerifier<_>>::acquire(&id).unwrap();
		assert_noop!(
			Verifier::unregister_verifying_key(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::KeyInUse
		);
		assert_ok!(<Verifier as ProofVerifier<_>>::release(&id));
		assert_noop!(
			Verifier::unregister_verifying_key(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::KeyInUse
		);
		assert_ok!(<Verifier as ProofVerifier<_>>::release(&id));
		assert_noop!(<Verifier as ProofVerifier<_>>::release(&id), Error::<Test>::NotAcquired);
		assert_ok!(Verifier::unregister_verifying_key(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::balance(&ALICE), START);
		assert!(Keys::<Test>::get(id).is_none() && KeyBytes::<Test>::get(id).is_none());
		assert_eq!(verifier_events().last(), Some(&Event::KeyUnregistered { key: id, deposit }));
		assert_noop!(<Verifier as ProofVerifier<_>>::release(&id), Error::<Test>::UnknownKey);
		// It can be registered again, by anyone.
		register(BOB, &f);
	});
}

#[test]
fn real_proofs_verify_through_the_call_and_the_trait() {
	ExtBuilder::build_and_execute(|| {
		let f = fixture(TWO, 5);
		let id = register(ALICE, &f);
		assert_ok!(Verifier::verify(
			RuntimeOrigin::signed(BOB),
			id,
			f.inputs.clone(),
			f.proof.clone()
		));
		assert_eq!(
			verifier_events().last(),
			Some(&Event::ProofVerified { key: id, who: BOB, settlement: Settlement::Final })
		);
		let v = <Verifier as ProofVerifier<_>>::verify(&id, &f.inputs, &f.proof).unwrap();
		assert_eq!((v.key, v.system, v.settlement), (id, G, Settlement::Final));
		// The reference implementation agrees.
		assert_eq!(Verifier::verify_reference(&id, &f.inputs, &f.proof), Ok(v));
	});
}

#[test]
fn wrong_proofs_are_rejected_with_specific_errors() {
	ExtBuilder::build_and_execute(|| {
		let f = fixture(TWO, 5);
		let other = fixture(Chain { rounds: 25, inputs: 2 }, 5);
		let id = register(ALICE, &f);
		let other_id = register(ALICE, &other);
		let call = |key, inputs: &[u8], proof: &[u8]| {
			Verifier::verify(RuntimeOrigin::signed(BOB), key, inputs.to_vec(), proof.to_vec())
		};
		// A proof for other inputs.
		let inputs = f.shape.public_inputs(provernet_circuits::secret(6));
		assert_noop!(call(id, &inputs, &f.proof), Error::<Test>::ProofRejected);
		// A proof for another key (same input count), both ways.
		assert_noop!(call(id, &other.inputs, &other.proof), Error::<Test>::ProofRejected);
		assert_noop!(call(other_id, &f.inputs, &f.proof), Error::<Test>::ProofRejected);
		// A flipped byte in each field of the proof and of the inputs.
		for at in [0usize, 31, 32, 63, 64, 95, 96, 127] {
			let mut p = f.proof.clone();
			p[at] ^= 0x01;
			let e = call(id, &f.inputs, &p).unwrap_err();
			assert!(
				[
					Error::<Test>::ProofRejected,
					Error::<Test>::ProofEncoding,
					Error::<Test>::ProofPointNotOnCurve,
					Error::<Test>::ProofPointNotInSubgroup
				]
				.into_iter()
				.any(|x| e == x.into()),
				"proof byte {at}: {e:?}"
			);
		}
		for at in [0usize, 15, 32, 47] {
			let mut x = f.inputs.clone();
			x[at] ^= 0x01;
			assert_noop!(call(id, &x, &f.proof), Error::<Test>::ProofRejected);
		}
		// Truncated and oversized parts.
		assert_noop!(call(id, &f.inputs[..63], &f.proof), Error::<Test>::InputsLength);
		assert_noop!(call(id, &f.inputs[..32], &f.proof), Error::<Test>::WrongInputCount);
		assert_noop!(
			call(id, &[f.inputs.clone(), vec![0; 32]].concat(), &f.proof),
			Error::<Test>::WrongInputCount
		);
		assert_noop!(call(id, &vec![0; 33 * 32], &f.proof), Error::<Test>::WrongInputCount);
		assert_noop!(call(id, &f.inputs, &f.proof[..127]), Error::<Test>::ProofLength);
		assert_noop!(
			call(id, &f.inputs, &[f.proof.clone(), vec![0]].concat()),
			Error::<Test>::ProofLength
		);
		assert_noop!(call(id, &[0xff; 64], &f.proof), Error::<Test>::InputNotInField);
		assert_noop!(call([3; 32], &f.inputs, &f.proof), Error::<Test>::UnknownKey);
		// The trait reports the same, typed.
		assert_eq!(
			<Verifier as ProofVerifier<_>>::verify(&id, &inputs, &f.proof),
			Err(VerifyError::Groth16(Groth16Error::ProofRejected))
		);
		assert_eq!(
			Verifier::verify_reference(&id, &inputs, &f.proof),
			Err(VerifyError::Groth16(Groth16Error::ProofRejected))
		);
	});
}

#[test]
fn attested_systems_record_a_digest_for_the_escrow_to_settle() {
	ExtBuilder::build_and_execute(|| {
		let policy = b"tee: sgx mrenclave 0x1234; attester 5Grw...".to_vec();
		assert_ok!(Verifier::register_verifying_key(
			RuntimeOrigin::signed(ALICE),
			ProofSystem::Attested,
			policy.clone()
		));
		let id = key_id(ProofSystem::Attested, &policy);
		let info = Verifier::key_info(id).unwrap();
		assert_eq!((info.public_inputs, info.proof_size, info.security_bits), (0, 32, 128));
		assert!(!info.system.settles_on_chain());
		let v = <Verifier as ProofVerifier<_>>::verify(&id, &[], &[7; 32]).unwrap();
		assert_eq!(v.settlement, Settlement::OffChain { digest: [7; 32] });
		assert_ok!(Verifier::verify(RuntimeOrigin::signed(BOB), id, vec![], vec![7; 32]));
		assert_noop!(
			Verifier::verify(RuntimeOrigin::signed(BOB), id, vec![], vec![7; 31]),
			Error::<Test>::BadAttestation
		);
		assert_noop!(
			Verifier::verify(RuntimeOrigin::signed(BOB), id, vec![1; 32], vec![7; 32]),
			Error::<Test>::BadAttestation
		);
	});
}

#[test]
fn verify_weight_is_linear_in_public_inputs() {
	let w = |n: u32| {
		<Verifier as ProofVerifier<AccountId>>::verify_weight(ProofSystem::Groth16Bn254, 32 * n)
	};
	assert!(w(1).ref_time() > w(0).ref_time());
	assert_eq!(w(2).ref_time() - w(1).ref_time(), w(1).ref_time() - w(0).ref_time());
	assert_eq!(w(32).ref_time() - w(0).ref_time(), 32 * (w(1).ref_time() - w(0).ref_time()));
}

#[test]
fn signed_origin_is_required() {
	ExtBuilder::build_and_execute(|| {
		let f = fixture(SMALL, 1);
		assert_noop!(
			Verifier::register_verifying_key(RuntimeOrigin::none(), G, f.vk),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

/// The real zkVM proofs in `../shared/fixtures/zkvm` (SP1 v6 and v4, RISC Zero 3.0, Brevis Pico,
/// plain gnark), read from there.
fn zkvm_fixtures() -> Vec<(&'static str, provernet_zk::artifacts::Artifacts)> {
	let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
	let dir = provernet_zk::artifacts::fixtures_dir(here)
		.expect("the zkVM fixtures (../shared/fixtures/zkvm, or set PROVERNET_FIXTURES)");
	provernet_zk::artifacts::fixtures(&dir).expect("the fixtures read")
}

/// Registers a zkVM program's key for Alice: its system and id.
fn register_zkvm(a: &provernet_zk::artifacts::Artifacts) -> (ProofSystem, [u8; 32]) {
	let system = ProofSystem::Zkvm(a.wrapper);
	assert_ok!(Verifier::register_verifying_key(
		RuntimeOrigin::signed(ALICE),
		system,
		a.key.clone()
	));
	(system, key_id(system, &a.key))
}

/// Each real zkVM proof registers as its system, with the circuit's inputs, its proof size and
/// the exact deposit, verifies through the `verify` call (final settlement, refunded to its
/// system's weight) and through the pure reference, and its key is usable by new jobs.
#[test]
fn real_zkvm_proofs_register_and_verify() {
	use provernet_primitives::proofs::Wrapper;
	for (name, a) in zkvm_fixtures() {
		ExtBuilder::build_and_execute(|| {
			let (system, id) = register_zkvm(&a);
			let deposit = BASE + PER_BYTE * a.key.len() as Balance;
			let inputs = match a.wrapper {
				Wrapper::Gnark | Wrapper::Pico | Wrapper::Sp1V4 => 2,
				Wrapper::Sp1V6 | Wrapper::Risc0V3 => 5,
			};
			let info = KeyInfo {
				system,
				public_inputs: inputs,
				proof_size: a.proof.len() as u32,
				security_bits: 100,
				key_len: a.key.len() as u32,
				registrant: ALICE,
				deposit,
				open_jobs: 0,
			};
			assert_eq!(Keys::<Test>::get(id), Some(info.clone()), "{name}");
			assert_eq!(held(ALICE), deposit, "{name}");
			assert_eq!(Balances::balance(&ALICE), START - deposit, "{name}");
			assert_eq!(<Verifier as ProofVerifier<_>>::ensure_usable(&id), Ok(info), "{name}");
			assert_eq!(
				<Verifier as ProofVerifier<_>>::check_inputs(&id, &a.statement),
				Ok(()),
				"{name}"
			);
			let post = Verifier::verify(
				RuntimeOrigin::signed(BOB),
				id,
				a.statement.clone(),
				a.proof.clone(),
			)
			.unwrap_or_else(|e| panic!("{name}: {e:?}"));
			assert_eq!(
				post.actual_weight,
				Some(<Verifier as ProofVerifier<_>>::verify_weight(
					system,
					a.statement.len() as u32
				)),
				"{name}"
			);
			assert_eq!(
				verifier_events().last(),
				Some(&Event::ProofVerified { key: id, who: BOB, settlement: Settlement::Final }),
				"{name}"
			);
			let reference = Verifier::verify_reference(&id, &a.statement, &a.proof);
			assert_eq!(reference.map(|v| v.settlement), Ok(Settlement::Final), "{name}");
		});
	}
}

/// Tampered zkVM proofs, statements and keys fail with their named errors and change nothing.
#[test]
fn tampered_zkvm_proofs_are_refused_by_name() {
	use provernet_primitives::proofs::Wrapper;
	for (name, a) in zkvm_fixtures() {
		ExtBuilder::build_and_execute(|| {
			let (system, id) = register_zkvm(&a);
			let verify = |statement: &[u8], proof: &[u8]| {
				Verifier::verify(RuntimeOrigin::signed(BOB), id, statement.to_vec(), proof.to_vec())
			};
			// Another statement: the proof is not of it.
			let mut statement = a.statement.clone();
			statement[0] ^= 1;
			assert_noop!(verify(&statement, &a.proof), Error::<Test>::ProofRejected);
			// The proof's last coordinate changed: another (or no) point, refused.
			let mut proof = a.proof.clone();
			*proof.last_mut().unwrap() ^= 1;
			assert!(verify(&a.statement, &proof).is_err(), "{name}");
			// Cut short.
			assert_noop!(
				verify(&a.statement, &a.proof[..a.proof.len() - 1]),
				Error::<Test>::ProofLength
			);
			// A proof for another verifier.
			if matches!(a.wrapper, Wrapper::Sp1V4 | Wrapper::Sp1V6 | Wrapper::Risc0V3) {
				let mut proof = a.proof.clone();
				proof[0] ^= 1;
				assert_noop!(verify(&a.statement, &proof), Error::<Test>::SelectorMismatch);
			}
			// A key cut short does not register and takes no deposit.
			let short = &a.key[..a.key.len() - 1];
			assert_noop!(
				Verifier::register_verifying_key(
					RuntimeOrigin::signed(BOB),
					system,
					short.to_vec()
				),
				Error::<Test>::KeyLength
			);
			assert_eq!(held(BOB), 0);
		});
	}
}

/// A plain gnark statement is the key's count of big-endian scalars below `r`: the escrow's
/// check at job submission refuses the rest by name.
#[test]
fn a_plain_gnark_statement_must_be_canonical_scalars() {
	let (_, a) = zkvm_fixtures().pop().expect("plain gnark is last");
	ExtBuilder::build_and_execute(|| {
		let (_, id) = register_zkvm(&a);
		let check = |x: &[u8]| <Verifier as ProofVerifier<_>>::check_inputs(&id, x);
		assert_eq!(check(&a.statement[1..]), Err(VerifyError::Groth16(Groth16Error::InputsLength)));
		assert_eq!(
			check(&a.statement[32..]),
			Err(VerifyError::Groth16(Groth16Error::WrongInputCount))
		);
		let mut above = a.statement.clone();
		above[..32].copy_from_slice(&[0xff; 32]);
		assert_eq!(check(&above), Err(VerifyError::Groth16(Groth16Error::InputNotInField)));
	});
}

/// `verify` declares the costliest system's weight for the statement's length: never less than
/// what any system is charged.
#[test]
fn verify_declares_the_costliest_system() {
	use provernet_primitives::proofs::Wrapper;
	let systems = [
		ProofSystem::Groth16Bn254,
		ProofSystem::Attested,
		ProofSystem::Zkvm(Wrapper::Gnark),
		ProofSystem::Zkvm(Wrapper::Pico),
		ProofSystem::Zkvm(Wrapper::Sp1V4),
		ProofSystem::Zkvm(Wrapper::Sp1V6),
		ProofSystem::Zkvm(Wrapper::Risc0V3),
	];
	for len in [0u32, 32, 100, 1024] {
		let max = <Verifier as ProofVerifier<AccountId>>::max_verify_weight(len);
		for s in systems {
			let w = <Verifier as ProofVerifier<AccountId>>::verify_weight(s, len);
			assert!(w.all_lte(max), "{s:?} at {len} bytes");
		}
	}
}
