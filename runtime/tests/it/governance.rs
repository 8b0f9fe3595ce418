//! BREV holders govern the market, natively with block stepping: a referendum on the
//! market-parameters track changes the market fee and the next settlement uses it; an out-of-range
//! value is refused even though its referendum passes; delegated (held) BREV votes.

use crate::common::{self, run_to, signed};

use frame_support::{
	assert_ok,
	traits::{fungible::Inspect, Get, Hooks},
};
use provernet_circuits::{known_key, prove, secret, setup, Chain};
use provernet_primitives::{
	jobs::{class_id, JobMarket},
	proofs::ProofSystem,
};
use provernet_runtime::{
	configs::governance::{dynamic_params::market, RuntimeParameters},
	currency::BREV,
	Balances, JobEscrow, ProofVerifier, ProverStaking, Runtime, RuntimeEvent, RuntimeOrigin,
	System,
};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve};
use sp_runtime::Perbill;

/// The development preset's genesis at block 1.
fn dev_ext() -> sp_io::TestExternalities {
	let mut ext = common::preset_ext("development");
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Alice proposes `fee` on the market-parameters track; Charlie votes with all his BREV.
fn propose_fee(fee: Perbill, index: u32) {
	assert_eq!(common::propose(common::set_fee(fee)), index);
	let all = Balances::total_balance(&Charlie.to_account_id());
	common::aye(Charlie, index, all, pallet_conviction_voting::Conviction::Locked1x);
}

#[test]
fn a_referendum_sets_the_market_fee_and_ranges_hold_even_when_one_passes() {
	dev_ext().execute_with(|| {
		let class = class_id(ProofSystem::Groth16Bn254, 0, 0);
		// Charlie's BREV is mostly delegated (held) to Bob, a prover; it still votes in full.
		assert_ok!(ProverStaking::register_prover(
			signed(Bob),
			1_000 * BREV,
			Perbill::from_percent(5),
			vec![pallet_prover_staking::Capability { class, capacity: 4 }],
			vec![]
		));
		assert_ok!(ProverStaking::delegate(signed(Charlie), Bob.to_account_id(), 900_000 * BREV));
		assert_eq!(market::MarketFee::get(), Perbill::from_percent(1));

		propose_fee(Perbill::from_percent(2), 0);
		run_to(40);
		assert_eq!(market::MarketFee::get(), Perbill::from_percent(2));
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::Parameters(pallet_parameters::Event::Updated { old_value: None, .. })
		)));

		// 50 % is above the 10 % cap: the referendum passes, the call fails, nothing changes.
		propose_fee(Perbill::from_percent(50), 1);
		run_to(80);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(1),
			Some(pallet_referenda::ReferendumInfo::Approved(..))
		));
		assert_eq!(market::MarketFee::get(), Perbill::from_percent(2));
		let fee_above_cap: sp_runtime::DispatchError =
			pallet_market_params::Error::<Runtime>::FeeAboveCap.into();
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched { result: Err(e), .. })
				if *e == fee_above_cap
		)));

		// The next settlement pays the treasury 2 %.
		let shape = Chain { rounds: 16, inputs: 1 };
		let (pk, _) = setup(shape);
		let (inputs, proof) = prove(&pk, shape, secret(3), 3);
		let vk = known_key("chain-16x1").unwrap();
		let key = pallet_proof_verifier::key_id(ProofSystem::Groth16Bn254, &vk);
		assert_ok!(ProofVerifier::register_verifying_key(
			signed(Dave),
			ProofSystem::Groth16Bn254,
			vk
		));
		let stage = pallet_job_escrow::StageSpec {
			key,
			latency_tier: 0,
			stake_tier: 0,
			size: 100,
			max_fee: 2 * BREV,
			deadline: None,
			deps: vec![],
			public_inputs: Some(inputs.clone()),
		};
		assert_ok!(JobEscrow::submit_job(
			signed(Eve),
			1,
			vec![stage],
			1_000,
			pallet_job_escrow::InputData::Inline(Default::default())
		));
		let lot = JobEscrow::job(Eve.to_account_id(), 1).unwrap().lots[0];
		// The auction's next round grosses asks up with the fee in force when it opens: 2 %.
		let terms = provernet_primitives::jobs::TradeTerms::at_unit_price(
			BREV / 100,
			100,
			market::MarketFee::get(),
		);
		assert_ok!(<JobEscrow as JobMarket<_, _, _>>::assign(lot, &Bob.to_account_id(), terms));
		assert_ok!(JobEscrow::submit_proof(signed(Bob), lot, inputs, proof));
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::JobEscrow(pallet_job_escrow::Event::LotSettled { paid, fee, .. })
				if *paid == BREV && *fee == 2 * BREV / 100
		)));
	});
}

#[test]
fn out_of_range_values_get_specific_errors() {
	use market::Parameters as M;
	dev_ext().execute_with(|| {
		let set = |p| provernet_runtime::MarketParams::set(RuntimeOrigin::root(), p);
		let err = |e: pallet_market_params::Error<Runtime>| Err(sp_runtime::DispatchError::from(e));
		let m = RuntimeParameters::Market;
		assert_eq!(
			set(m(M::MarketFee(market::MarketFee, Some(Perbill::from_percent(11))))),
			err(pallet_market_params::Error::FeeAboveCap)
		);
		assert_eq!(
			set(m(M::MarketFee(market::MarketFee, None))),
			err(pallet_market_params::Error::CannotUnset)
		);
		assert_eq!(
			set(m(M::ClearingBlocks(market::ClearingBlocks, Some(0)))),
			err(pallet_market_params::Error::ZeroWindow)
		);
		// Review M9: the windows are checked together — a round (commit 5, reveal 3, clearing
		// and fallback 2 × c) must end within the 16 commit windows (80 blocks) the auction walks.
		assert_eq!(
			set(m(M::ClearingBlocks(market::ClearingBlocks, Some(37)))),
			err(pallet_market_params::Error::RoundOutlivesWalk)
		);
		assert_eq!(
			set(m(M::RevealBlocks(market::RevealBlocks, Some(70)))),
			err(pallet_market_params::Error::RoundOutlivesWalk)
		);
		assert_ok!(set(m(M::ClearingBlocks(market::ClearingBlocks, Some(36)))));
		assert_ok!(set(m(M::ClearingBlocks(market::ClearingBlocks, Some(3)))));
		assert_eq!(
			set(m(M::MinSecurityBits(market::MinSecurityBits, Some(64)))),
			err(pallet_market_params::Error::BelowMinimum)
		);
		assert_eq!(
			set(m(M::MaxProofSize(market::MaxProofSize, Some(1 << 21)))),
			err(pallet_market_params::Error::AboveMaximum)
		);
		assert_eq!(
			set(m(M::LatencyTiers(market::LatencyTiers, Some([100, 100, 200])))),
			err(pallet_market_params::Error::TiersNotIncreasing)
		);
		// A zero stake tier would let an auction ask reserve nothing (no cap, no pin).
		assert_eq!(
			set(m(M::StakeTiers(market::StakeTiers, Some([0, 100, 1_000])))),
			err(pallet_market_params::Error::BelowMinimum)
		);
		// The VCG reference pays sellers more than lots pay: it may measure, never settle.
		assert_eq!(
			set(m(M::Mechanism(market::Mechanism, Some(toda::Mechanism::Vcg)))),
			err(pallet_market_params::Error::RunsADeficit)
		);
		assert_eq!(
			set(m(M::CommitBlocks(market::CommitBlocks, Some(0)))),
			err(pallet_market_params::Error::ZeroWindow)
		);
		let s = RuntimeParameters::Staking;
		use provernet_runtime::configs::governance::dynamic_params::staking;
		assert_eq!(
			set(s(staking::Parameters::OvercommitFactor(
				staking::OvercommitFactor,
				Some(sp_runtime::FixedU128::from_rational(1, 2))
			))),
			err(pallet_market_params::Error::BelowMinimum)
		);
		// Review M6: a slash must apply while the stake that backed the violation is still
		// unbonding — the longest path from a violation to its slash (acceptance window 1 day,
		// ruling window 2 days, deferral 1 hour, plus an hour's margin) ends before the
		// unbonding delay, whichever of the four keys changes.
		use provernet_runtime::time::{DAYS, HOURS};
		assert_eq!(
			set(m(M::SlashDeferral(market::SlashDeferral, Some(7 * DAYS)))),
			err(pallet_market_params::Error::SlashAfterUnbonding)
		);
		assert_eq!(
			set(m(M::RulingWindow(market::RulingWindow, Some(6 * DAYS - 2 * HOURS)))),
			err(pallet_market_params::Error::SlashAfterUnbonding)
		);
		assert_eq!(
			set(m(M::AcceptanceWindow(market::AcceptanceWindow, Some(5 * DAYS - 2 * HOURS)))),
			err(pallet_market_params::Error::SlashAfterUnbonding)
		);
		assert_eq!(
			set(s(staking::Parameters::UnbondingDelay(
				staking::UnbondingDelay,
				Some(3 * DAYS + 2 * HOURS)
			))),
			err(pallet_market_params::Error::SlashAfterUnbonding)
		);
		assert_ok!(set(s(staking::Parameters::UnbondingDelay(
			staking::UnbondingDelay,
			Some(3 * DAYS + 2 * HOURS + 1)
		))));
		assert_eq!(
			set(m(M::RulingWindow(market::RulingWindow, Some(0)))),
			err(pallet_market_params::Error::ZeroWindow)
		);
		// Disputing an attested proof is never free.
		assert_eq!(
			set(m(M::DisputeBond(market::DisputeBond, Some(0)))),
			err(pallet_market_params::Error::BelowMinimum)
		);
		// Review H3: every value that moves money has a range.
		for (fraction, error) in [
			(Perbill::zero(), pallet_market_params::Error::BelowMinimum),
			(Perbill::from_percent(51), pallet_market_params::Error::AboveMaximum),
		] {
			assert_eq!(set(m(M::SlashFraction(market::SlashFraction, Some(fraction)))), err(error));
		}
		assert_eq!(
			set(m(M::RequesterShare(market::RequesterShare, Some(Perbill::from_percent(51))))),
			err(pallet_market_params::Error::AboveMaximum)
		);
		assert_eq!(
			set(m(M::FallbackReward(market::FallbackReward, Some(10 * BREV + 1)))),
			err(pallet_market_params::Error::AboveMaximum)
		);
		assert_eq!(
			set(m(M::DisputeBond(market::DisputeBond, Some(1_000 * BREV + 1)))),
			err(pallet_market_params::Error::AboveMaximum)
		);
		assert_eq!(
			set(s(staking::Parameters::MinDelegation(staking::MinDelegation, Some(BREV - 1)))),
			err(pallet_market_params::Error::BelowMinimum)
		);
		assert_eq!(
			set(s(staking::Parameters::MaxCommissionStep(
				staking::MaxCommissionStep,
				Some(Perbill::from_percent(26))
			))),
			err(pallet_market_params::Error::AboveMaximum)
		);
		assert_ok!(set(m(M::SlashFraction(
			market::SlashFraction,
			Some(Perbill::from_percent(50))
		))));
		assert_ok!(set(m(M::RequesterShare(market::RequesterShare, Some(Perbill::zero())))));
		// A signed account is not governance.
		assert!(provernet_runtime::MarketParams::set(
			signed(Alice),
			m(M::MarketFee(market::MarketFee, Some(Perbill::from_percent(2))))
		)
		.is_err());
		// In range: set, with the old and new values in the event.
		assert_ok!(set(m(M::SlashDeferral(market::SlashDeferral, Some(0)))));
		assert_eq!(market::SlashDeferral::get(), 0);
	});
}

#[test]
fn a_missed_deadline_in_the_runtime_becomes_a_deferred_slash_that_governance_can_cancel() {
	use provernet_runtime::{JobEscrow, Slashing};
	dev_ext().execute_with(|| {
		let class = class_id(ProofSystem::Groth16Bn254, 0, 0);
		assert_ok!(ProverStaking::register_prover(
			signed(Bob),
			1_000 * BREV,
			Perbill::from_percent(5),
			vec![pallet_prover_staking::Capability { class, capacity: 4 }],
			vec![]
		));
		let vk = known_key("chain-16x1").unwrap();
		let key = pallet_proof_verifier::key_id(ProofSystem::Groth16Bn254, &vk);
		assert_ok!(ProofVerifier::register_verifying_key(
			signed(Dave),
			ProofSystem::Groth16Bn254,
			vk
		));
		let stage = || pallet_job_escrow::StageSpec {
			key,
			latency_tier: 0,
			stake_tier: 0,
			size: 100,
			max_fee: 2 * BREV,
			deadline: None,
			deps: vec![],
			// The statement (one field element); never proved here.
			public_inputs: Some(vec![7; 32]),
		};
		let run = |to: u32| {
			while System::block_number() < to {
				let b = System::block_number() + 1;
				System::set_block_number(b);
				JobEscrow::on_initialize(b);
				Slashing::on_initialize(b);
			}
		};
		for i in 1..=2u64 {
			assert_ok!(JobEscrow::submit_job(
				signed(Eve),
				i,
				vec![stage()],
				2_000,
				pallet_job_escrow::InputData::Inline(Default::default())
			));
			let lot = JobEscrow::job(Eve.to_account_id(), i).unwrap().lots[0];
			let terms = provernet_primitives::jobs::TradeTerms::at_unit_price(
				BREV / 100,
				100,
				market::MarketFee::get(),
			);
			assert_ok!(<JobEscrow as JobMarket<_, _, _>>::assign(lot, &Bob.to_account_id(), terms));
		}
		// Latency tier 0 gives 5 minutes (100 blocks): both are late at block 102.
		run(102);
		let pending = Slashing::pending_slashes(None, 256);
		assert_eq!(pending.len(), 2);
		// 10 % of the 10 BREV stake tier, applied an hour (1,200 blocks) later.
		assert!(pending.iter().all(|(_, p)| p.amount == BREV && p.apply_at == 1_302));
		assert_ok!(Slashing::cancel_slash(
			RuntimeOrigin::root(),
			pending[0].0,
			b"node outage".to_vec()
		));
		let eve_before = Balances::total_balance(&Eve.to_account_id());
		run(1_301);
		assert_eq!(Slashing::pending_slashes(None, 256).len(), 1);
		run(1_302);
		assert!(Slashing::pending_slashes(None, 256).is_empty());
		// One slash of 1 BREV applied, half to Eve, half to the treasury.
		assert_eq!(ProverStaking::prover_info(Bob.to_account_id()).unwrap().self_stake, 999 * BREV);
		assert_eq!(Balances::total_balance(&Eve.to_account_id()), eve_before + BREV / 2);
	});
}

#[test]
fn every_parameter_is_listed_with_its_value_in_force() {
	use provernet_runtime::{configs::governance::dynamic_params::staking, MarketParams};
	use scale_info::{TypeDef, TypeInfo};
	fn keys_of<K: TypeInfo>() -> usize {
		match K::type_info().type_def {
			TypeDef::Variant(v) => v.variants.len(),
			_ => unreachable!("parameter keys are enums"),
		}
	}
	dev_ext().execute_with(|| {
		let all = MarketParams::parameters();
		assert_eq!(
			all.len(),
			keys_of::<market::ParametersKey>() + keys_of::<staking::ParametersKey>(),
			"every key, once: list a new key in ParametersInForce"
		);
		let fee = |all: &[RuntimeParameters]| {
			all.iter()
				.find_map(|p| match p {
					RuntimeParameters::Market(market::Parameters::MarketFee(_, v)) => *v,
					_ => None,
				})
				.expect("MarketFee listed")
		};
		// The default, before governance sets anything…
		assert_eq!(fee(&all), Perbill::from_percent(1));
		// …then what governance set.
		assert_ok!(provernet_runtime::MarketParams::set(
			RuntimeOrigin::root(),
			RuntimeParameters::Market(market::Parameters::MarketFee(
				market::MarketFee,
				Some(Perbill::from_percent(3)),
			)),
		));
		assert_eq!(fee(&MarketParams::parameters()), Perbill::from_percent(3));
	});
}

/// Issue 18: governance selects any mechanism that settles by its name (an enum in the metadata,
/// not a number); the default is the adaptive switch; the VCG reference is refused.
#[test]
fn governance_selects_every_settling_mechanism_by_name() {
	use frame_support::traits::Get;
	use market::Parameters as M;
	dev_ext().execute_with(|| {
		assert_eq!(market::Mechanism::get(), toda::Mechanism::Adaptive);
		let set = |v| {
			provernet_runtime::MarketParams::set(
				RuntimeOrigin::root(),
				RuntimeParameters::Market(M::Mechanism(market::Mechanism, Some(v))),
			)
		};
		for mechanism in toda::Mechanism::ALL {
			if mechanism.is_budget_balanced() {
				assert_ok!(set(mechanism));
				assert_eq!(market::Mechanism::get(), mechanism);
			} else {
				assert_eq!(
					set(mechanism),
					Err(pallet_market_params::Error::<Runtime>::RunsADeficit.into())
				);
				assert_ne!(market::Mechanism::get(), mechanism);
			}
		}
	});
}
