//! Native runtime tests: genesis presets build, a signed transfer goes through the real transaction
//! pipeline, fees are charged in BREV and land in the treasury, and total issuance is conserved.

use crate::common;

use codec::Encode;
use common::preset_ext;
use frame_support::traits::{fungible::Inspect, Get, OnFinalize};
use provernet_runtime::{
	configs::TreasuryAccount,
	currency::{BREV, EXISTENTIAL_DEPOSIT},
	genesis_config_presets::{get_preset, preset_names, DEV_ENDOWMENT},
	Balances, Executive, Header, Runtime, RuntimeCall, RuntimeEvent, SignedPayload, System,
	TxExtension, UncheckedExtrinsic,
};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::Era,
	traits::{Header as _, Zero},
	MultiAddress,
};

fn start_block(n: u32) {
	let header = Header::new(
		n,
		Default::default(),
		Default::default(),
		Default::default(),
		Default::default(),
	);
	Executive::initialize_block(&header);
}

fn tx_extension(nonce: u32) -> TxExtension {
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_toda::CheckFallbackClearing::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// A transaction signed by `who`, exactly as a wallet builds it.
fn signed(who: Sr25519Keyring, nonce: u32, call: RuntimeCall) -> UncheckedExtrinsic {
	let ext = tx_extension(nonce);
	let payload = SignedPayload::new(call.clone(), ext.clone()).expect("implicit data available");
	let signature = payload.using_encoded(|bytes| who.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(who.to_account_id()),
		signature.into(),
		ext,
	)
}

#[test]
fn both_presets_build_with_their_validators_and_funded_accounts() {
	let names: Vec<String> = preset_names().into_iter().map(|p| p.to_string()).collect();
	assert_eq!(names, vec!["development".to_string(), "local_testnet".to_string()]);

	preset_ext("development").execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
		assert_eq!(Balances::balance(&Sr25519Keyring::Bob.to_account_id()), DEV_ENDOWMENT);
		assert_eq!(Balances::balance(&TreasuryAccount::get()), EXISTENTIAL_DEPOSIT);
	});
	preset_ext("local_testnet").execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 2);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 2);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
	});
	assert!(get_preset(&"no_such_preset".into()).is_none());
}

#[test]
fn signed_transfer_moves_brev_charges_a_fee_to_the_treasury_and_conserves_issuance() {
	preset_ext("development").execute_with(|| {
		let (alice, bob) =
			(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id());
		let issuance = Balances::total_issuance();
		let treasury_before = Balances::balance(&TreasuryAccount::get());
		start_block(1);

		let amount = 12 * BREV;
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id(bob.clone()),
			value: amount,
		});
		let xt = signed(Sr25519Keyring::Alice, 0, call);
		let len = xt.encoded_size() as u32;
		let expected_fee =
			pallet_transaction_payment::Pallet::<Runtime>::query_info(xt.clone(), len).partial_fee;
		assert!(!expected_fee.is_zero());

		let result = Executive::apply_extrinsic(xt).expect("transaction is valid");
		assert!(result.is_ok(), "dispatch failed: {result:?}");

		// The fee actually charged, from the event.
		let fee = System::events()
			.iter()
			.find_map(|r| match &r.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid {
						who, actual_fee, ..
					},
				) if *who == alice => Some(*actual_fee),
				_ => None,
			})
			.expect("fee event");
		assert!(fee > 0 && fee <= expected_fee, "fee {fee} vs quoted {expected_fee}");
		// A transfer costs a few hundredths of a BREV, not dust and not a fortune.
		assert!(fee > BREV / 10_000 && fee < BREV / 10, "fee {fee}");

		assert_eq!(Balances::balance(&bob), DEV_ENDOWMENT + amount);
		assert_eq!(Balances::balance(&alice), DEV_ENDOWMENT - amount - fee);
		assert_eq!(Balances::balance(&TreasuryAccount::get()), treasury_before + fee);
		assert_eq!(Balances::total_issuance(), issuance, "fees move BREV, they do not burn it");
		assert_eq!(frame_system::Pallet::<Runtime>::account_nonce(&alice), 1);

		// A replay of the same nonce is refused and changes nothing.
		let again = signed(
			Sr25519Keyring::Alice,
			0,
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: MultiAddress::Id(bob.clone()),
				value: amount,
			}),
		);
		assert!(Executive::apply_extrinsic(again).is_err());
		assert_eq!(Balances::balance(&bob), DEV_ENDOWMENT + amount);
		System::on_finalize(1);
	});
}

#[test]
fn a_transfer_above_the_balance_fails_and_only_the_fee_moves() {
	preset_ext("development").execute_with(|| {
		let (dave, eve) =
			(Sr25519Keyring::Dave.to_account_id(), Sr25519Keyring::Eve.to_account_id());
		let issuance = Balances::total_issuance();
		start_block(1);
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
			dest: MultiAddress::Id(eve.clone()),
			value: DEV_ENDOWMENT * 2,
		});
		let outcome =
			Executive::apply_extrinsic(signed(Sr25519Keyring::Dave, 0, call)).expect("valid tx");
		assert!(outcome.is_err(), "the dispatch itself must fail");
		assert_eq!(Balances::balance(&eve), DEV_ENDOWMENT);
		let paid = DEV_ENDOWMENT - Balances::balance(&dave);
		assert!(paid > 0 && paid < BREV, "only the fee was charged: {paid}");
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn brev_has_18_decimals_and_a_sensible_existential_deposit() {
	assert_eq!(provernet_runtime::currency::DECIMALS, 18);
	assert_eq!(BREV, 1_000_000_000_000_000_000);
	assert_eq!(EXISTENTIAL_DEPOSIT, BREV / 1_000);
	let ed: u128 = <Runtime as pallet_balances::Config>::ExistentialDeposit::get();
	assert_eq!(ed, EXISTENTIAL_DEPOSIT);
}

#[test]
fn a_prover_registers_and_is_delegated_to_through_signed_transactions() {
	use pallet_prover_staking::{Capability, HoldReason};
	use provernet_runtime::RuntimeHoldReason;
	preset_ext("development").execute_with(|| {
		let (bob, charlie) =
			(Sr25519Keyring::Bob.to_account_id(), Sr25519Keyring::Charlie.to_account_id());
		let issuance = Balances::total_issuance();
		start_block(1);
		let register = RuntimeCall::ProverStaking(pallet_prover_staking::Call::register_prover {
			self_stake: 1_000 * BREV,
			commission: sp_runtime::Perbill::from_percent(5),
			capabilities: vec![Capability { class: 1, capacity: 2 }],
			metadata: b"bob's prover".to_vec(),
		});
		assert!(Executive::apply_extrinsic(signed(Sr25519Keyring::Bob, 0, register))
			.unwrap()
			.is_ok());
		let delegate = RuntimeCall::ProverStaking(pallet_prover_staking::Call::delegate {
			prover: bob.clone(),
			amount: 500 * BREV,
		});
		assert!(Executive::apply_extrinsic(signed(Sr25519Keyring::Charlie, 0, delegate))
			.unwrap()
			.is_ok());

		let held = |reason, who| {
			<Balances as frame_support::traits::fungible::InspectHold<_>>::balance_on_hold(
				&RuntimeHoldReason::ProverStaking(reason),
				who,
			)
		};
		assert_eq!(held(HoldReason::ProverBond, &bob), 1_000 * BREV);
		assert_eq!(held(HoldReason::Delegation, &charlie), 500 * BREV);
		let info = provernet_runtime::ProverStaking::prover_info(bob).expect("registered");
		assert_eq!(info.effective_stake(), 1_500 * BREV);
		// Stake stays in the stakers' own accounts: nothing was created or destroyed.
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn a_key_is_registered_and_a_real_proof_verifies_through_signed_transactions() {
	use pallet_proof_verifier::{key_id, HoldReason};
	use provernet_circuits::{encode_vk, prove, secret, setup, Chain};
	use provernet_primitives::proofs::{ProofSystem, Settlement};
	use provernet_runtime::{ProofVerifier, RuntimeHoldReason};
	let shape = Chain { rounds: 16, inputs: 1 };
	let (pk, vk) = setup(shape);
	let (inputs, proof) = prove(&pk, shape, secret(1), 1);
	let vk = encode_vk(&vk);
	let id = key_id(ProofSystem::Groth16Bn254, &vk);
	preset_ext("development").execute_with(|| {
		let dave = Sr25519Keyring::Dave.to_account_id();
		let issuance = Balances::total_issuance();
		start_block(1);
		let register =
			RuntimeCall::ProofVerifier(pallet_proof_verifier::Call::register_verifying_key {
				system: ProofSystem::Groth16Bn254,
				key: vk.clone(),
			});
		assert!(Executive::apply_extrinsic(signed(Sr25519Keyring::Dave, 0, register))
			.unwrap()
			.is_ok());
		let deposit = 100 * BREV / 1_000 + vk.len() as u128 * BREV / 1_000;
		assert_eq!(
			<Balances as frame_support::traits::fungible::InspectHold<_>>::balance_on_hold(
				&RuntimeHoldReason::ProofVerifier(HoldReason::KeyDeposit),
				&dave,
			),
			deposit
		);
		let verify = |inputs: &[u8], nonce| {
			let call = RuntimeCall::ProofVerifier(pallet_proof_verifier::Call::verify {
				key: id,
				public_inputs: inputs.to_vec(),
				proof: proof.clone(),
			});
			Executive::apply_extrinsic(signed(Sr25519Keyring::Dave, nonce, call)).unwrap()
		};
		assert!(verify(&inputs, 1).is_ok());
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::ProofVerifier(pallet_proof_verifier::Event::ProofVerified {
				settlement: Settlement::Final,
				..
			})
		)));
		let other = shape.public_inputs(secret(2));
		assert!(verify(&other, 2).is_err(), "a proof for other inputs fails in the runtime");
		// What the runtime API serves: the host path and the reference agree.
		assert_eq!(
			<ProofVerifier as provernet_primitives::proofs::ProofVerifier<_>>::verify(
				&id, &inputs, &proof
			),
			ProofVerifier::verify_reference(&id, &inputs, &proof)
		);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn a_job_is_escrowed_assigned_proved_and_paid_through_the_runtime() {
	use pallet_job_escrow::{InputData, StageSpec};
	use pallet_prover_staking::Capability;
	use provernet_circuits::{known_key, prove, secret, setup, Chain};
	use provernet_primitives::{
		jobs::{class_id, JobMarket},
		proofs::ProofSystem,
	};
	use provernet_runtime::JobEscrow;
	let shape = Chain { rounds: 16, inputs: 1 };
	let (pk, _) = setup(shape);
	let (inputs, proof) = prove(&pk, shape, secret(5), 5);
	let vk = known_key("chain-16x1").unwrap();
	let key = pallet_proof_verifier::key_id(ProofSystem::Groth16Bn254, &vk);
	let class = class_id(ProofSystem::Groth16Bn254, 0, 0);
	preset_ext("development").execute_with(|| {
		let (bob, eve) = (Sr25519Keyring::Bob.to_account_id(), Sr25519Keyring::Eve.to_account_id());
		let issuance = Balances::total_issuance();
		start_block(1);
		let ok = |who, nonce, call| {
			let r = Executive::apply_extrinsic(signed(who, nonce, call)).unwrap();
			assert!(r.is_ok(), "{r:?}");
		};
		ok(
			Sr25519Keyring::Dave,
			0,
			RuntimeCall::ProofVerifier(pallet_proof_verifier::Call::register_verifying_key {
				system: ProofSystem::Groth16Bn254,
				key: vk,
			}),
		);
		ok(
			Sr25519Keyring::Bob,
			0,
			RuntimeCall::ProverStaking(pallet_prover_staking::Call::register_prover {
				self_stake: 1_000 * BREV,
				commission: sp_runtime::Perbill::from_percent(5),
				capabilities: vec![Capability { class, capacity: 2 }],
				metadata: vec![],
			}),
		);
		let stage = StageSpec {
			key,
			latency_tier: 0,
			stake_tier: 0,
			size: 100,
			max_fee: 2 * BREV,
			deadline: None,
			deps: vec![],
			public_inputs: Some(inputs.clone()),
		};
		let eve_before = Balances::balance(&eve);
		ok(
			Sr25519Keyring::Eve,
			0,
			RuntimeCall::JobEscrow(pallet_job_escrow::Call::submit_job {
				index: 1,
				stages: vec![stage],
				deadline: 1_000,
				input: InputData::Inline(Default::default()),
			}),
		);
		let lot = JobEscrow::jobs_of(eve.clone(), None, 256);
		assert_eq!(lot, vec![1]);
		let lot = JobEscrow::job(eve.clone(), 1).unwrap().lots[0];
		assert_eq!(JobEscrow::open_lots_of(class, 10).len(), 1);
		// The auction pallet will call this with its trade's terms: 0.01 BREV per unit × 100 =
		// 1 BREV, 1 % of it the fee.
		let terms = provernet_primitives::jobs::TradeTerms::at_unit_price(
			BREV / 100,
			100,
			sp_runtime::Perbill::from_percent(1),
		);
		assert!(<JobEscrow as JobMarket<_, _, _>>::assign(lot, &bob, terms).is_ok());
		let treasury_before = Balances::balance(&TreasuryAccount::get());
		ok(
			Sr25519Keyring::Bob,
			1,
			RuntimeCall::JobEscrow(pallet_job_escrow::Call::submit_proof {
				lot,
				public_inputs: inputs.clone(),
				proof: proof.clone(),
			}),
		);
		// Eve paid exactly 1 BREV plus her transaction fee; the treasury got the 1 % market fee
		// and the fees of the transactions; nothing is held for her any more.
		let fee_events: u128 = System::events()
			.iter()
			.filter_map(|r| match &r.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid {
						who, actual_fee, ..
					},
				) if *who == eve => Some(*actual_fee),
				_ => None,
			})
			.sum();
		assert_eq!(eve_before - Balances::balance(&eve), BREV + fee_events);
		assert!(Balances::balance(&TreasuryAccount::get()) >= treasury_before + BREV / 100);
		assert!(JobEscrow::job(eve, 1).is_none());
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

/// Review M9: the escrow assumed an auction takes `RoundBlocks` (10) while the auction's windows
/// make a lot wait up to a commit window for the next snapshot, then the clearing and fallback
/// windows (10 + 2 × 5 = 20 blocks by default): jobs were accepted that could never be assigned in
/// time. Now the escrow's wait is derived from the auction's governed windows.
#[test]
fn a_job_is_accepted_only_if_the_auction_can_still_serve_it() {
	use pallet_job_escrow::{InputData, StageSpec};
	use provernet_primitives::proofs::ProofSystem;
	use provernet_runtime::configs::governance::dynamic_params::market;
	preset_ext("development").execute_with(|| {
		start_block(1);
		let signed =
			|k: Sr25519Keyring| provernet_runtime::RuntimeOrigin::signed(k.to_account_id());
		assert!(provernet_runtime::ProofVerifier::register_verifying_key(
			signed(Sr25519Keyring::Dave),
			ProofSystem::Attested,
			b"attester".to_vec()
		)
		.is_ok());
		let key = pallet_proof_verifier::key_id(ProofSystem::Attested, b"attester");
		let stage = StageSpec {
			key,
			latency_tier: 0,
			stake_tier: 0,
			size: 1,
			max_fee: BREV,
			deadline: None,
			deps: vec![],
			public_inputs: None,
		};
		let wait = market::CommitBlocks::get() + 2 * market::ClearingBlocks::get();
		assert_eq!(wait, 11);
		let proving = market::LatencyTiers::get()[0];
		let submit = |index, deadline| {
			provernet_runtime::JobEscrow::submit_job(
				signed(Sr25519Keyring::Eve),
				index,
				vec![stage.clone()],
				deadline,
				InputData::Inline(Default::default()),
			)
		};
		assert_eq!(
			submit(1, 1 + wait + proving - 1),
			Err(pallet_job_escrow::Error::<Runtime>::DeadlineTooSoon.into())
		);
		assert!(submit(1, 1 + wait + proving).is_ok());
	});
}

/// Every class id the escrow says exists (it has a stake tier): each system code up to one past
/// the last `class_id` numbers, each latency and stake tier byte.
fn existing_classes() -> u32 {
	use provernet_primitives::jobs::{JobMarket, SYSTEM_CODES};
	use provernet_runtime::JobEscrow;
	let mut classes = 0u32;
	for system in 0..=SYSTEM_CODES {
		for tiers in 0..=u32::from(u16::MAX) {
			let class = system << 16 | tiers;
			if <JobEscrow as JobMarket<_, _, _>>::class_stake(class).is_some() {
				classes += 1;
			}
		}
	}
	classes
}

/// Review H5: a round has a place for every class that can exist (only those take commitments),
/// so no class can be shut out of a round by others committing first.
#[test]
fn every_class_that_can_exist_fits_in_a_round() {
	use frame_support::traits::Get;
	preset_ext("development").execute_with(|| {
		let classes = existing_classes();
		// 7 proof systems (Groth16, attested, five zkVM wrappers) × 3 latency × 3 stake tiers.
		assert_eq!(classes, 63);
		let bound: u32 =
			<provernet_runtime::Runtime as pallet_toda::Config>::MaxClassesPerRound::get();
		assert!(classes <= bound, "{classes} classes, room for {bound}");
	});
}

/// A full round — `MaxLotsPerRound` lots over every class that can exist, each with
/// `MaxAsksPerClass` asks, and the allowance for a forfeit per ask — clears in one transaction
/// that fits a block: the offchain worker's clearing can always land. Both clearing calls are
/// operational, so it is the operational class's limit that counts.
#[test]
fn a_full_rounds_clearing_fits_in_a_block() {
	use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
	use pallet_toda::WeightInfo;
	type W = <provernet_runtime::Runtime as pallet_toda::Config>::WeightInfo;
	type C = provernet_runtime::Runtime;
	let lots: u32 = <C as pallet_toda::Config>::MaxLotsPerRound::get();
	let classes = preset_ext("development").execute_with(existing_classes);
	let asks: u32 = classes * <<C as pallet_toda::Config>::MaxAsksPerClass as Get<u32>>::get();
	let clearing = pallet_toda::Pallet::<C>::clearing_weight_of(asks, lots, classes);
	let limits = <provernet_runtime::Runtime as frame_system::Config>::BlockWeights::get();
	let max = limits
		.get(DispatchClass::Operational)
		.max_extrinsic
		.expect("an operational limit");
	let ms = |w: frame_support::weights::Weight| w.ref_time() / 1_000_000_000;
	assert!(
		clearing.all_lte(max),
		"a full round's clearing ({} ms) does not fit a block ({} ms)",
		ms(clearing),
		ms(max)
	);
	// The signed fallback also pays for the check its transaction extension runs at inclusion.
	let fallback = clearing.saturating_add(W::authorize_clearing(asks, lots));
	assert!(
		fallback.all_lte(max),
		"a full round's fallback clearing ({} ms) does not fit a block ({} ms)",
		ms(fallback),
		ms(max)
	);
	let empty = toda::Clearing {
		round: 0,
		mechanism: toda::Mechanism::McAfee,
		classes: vec![],
		budget: Default::default(),
	};
	preset_ext("development").execute_with(|| {
		for call in [
			pallet_toda::Call::<C>::submit_clearing { round: 0, clearing: empty.clone() },
			pallet_toda::Call::<C>::submit_clearing_authorized { round: 0, clearing: empty },
		] {
			assert_eq!(call.get_dispatch_info().class, DispatchClass::Operational);
		}
	});
}

/// Market review M1: a signed fallback clearing sent outside its round's fallback window (too
/// early, or after the round was cleared by a submission ahead of it) was included and paid a
/// fee. The runtime's `CheckFallbackClearing` refuses it where the pool validates and again at
/// inclusion, so it never enters a block and its sender pays nothing.
#[test]
fn a_fallback_clearing_outside_its_window_is_refused_by_the_pool_and_costs_nothing() {
	use sp_runtime::transaction_validity::{
		InvalidTransaction, TransactionSource, TransactionValidityError,
	};
	preset_ext("development").execute_with(|| {
		start_block(1);
		let bob = Sr25519Keyring::Bob.to_account_id();
		let before = Balances::balance(&bob);
		let issuance = Balances::total_issuance();
		let clearing = |round| toda::Clearing {
			round,
			mechanism: toda::Mechanism::McAfee,
			classes: vec![],
			budget: Default::default(),
		};
		let fallback = |round| {
			RuntimeCall::Toda(pallet_toda::Call::submit_clearing {
				round,
				clearing: clearing(round),
			})
		};
		// Round 0 is taking commitments: too early. Round 7 never opened: nothing to clear.
		for (round, refused) in [(0, InvalidTransaction::Future), (7, InvalidTransaction::Stale)] {
			let xt = signed(Sr25519Keyring::Bob, 0, fallback(round));
			assert_eq!(
				Executive::validate_transaction(
					TransactionSource::External,
					xt.clone(),
					System::block_hash(0)
				),
				Err(TransactionValidityError::Invalid(refused))
			);
			assert_eq!(
				Executive::apply_extrinsic(xt),
				Err(TransactionValidityError::Invalid(refused))
			);
		}
		assert_eq!(Balances::balance(&bob), before);
		assert_eq!(frame_system::Pallet::<Runtime>::account_nonce(&bob), 0);
		assert_eq!(Balances::total_issuance(), issuance);
		// Every other call passes the extension untouched.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
		let xt = signed(Sr25519Keyring::Bob, 0, remark);
		assert!(Executive::apply_extrinsic(xt).expect("valid").is_ok());
	});
}
