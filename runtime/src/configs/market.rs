//! The proof market: prover staking, the proof verifier, the job escrow, slashing and the TODA
//! auction (indices 50–59). Governed values come from `governance::dynamic_params`.

use super::governance::{
	dynamic_params::{market, staking},
	JudicialOrigin,
};
use crate::{
	configs::TreasuryAccount, currency::MILLI_BREV, Balance, Balances, BlockNumber, Runtime,
	RuntimeHoldReason,
};
#[cfg(feature = "runtime-benchmarks")]
use crate::{currency::BREV, time::DAYS};
use frame_support::{
	parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstU32, Get},
	PalletId,
};
#[cfg(feature = "runtime-benchmarks")]
use sp_runtime::Perbill;

parameter_types! {
	/// The reward pot's id.
	pub const StakingPalletId: PalletId = PalletId(*b"py/prvst");
}

impl pallet_prover_staking::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Governed (`configs::governance::dynamic_params`): defaults 1,000 BREV, 7 days, 1.05,
	// 100 BREV, 5 %.
	type MinSelfStake = staking::MinSelfStake;
	type UnbondingDelay = staking::UnbondingDelay;
	type OvercommitFactor = staking::OvercommitFactor;
	type MinDelegation = staking::MinDelegation;
	type MaxCommissionStep = staking::MaxCommissionStep;
	// 128 join freely; the list holds 256 (the rest on their way out), as slashing is bounded.
	type MaxDelegators = ConstU32<128>;
	type MaxUnbondingChunks = ConstU32<16>;
	type MaxClasses = ConstU32<32>;
	type MaxMetadataLen = ConstU32<256>;
	type JailAfterSlashes = staking::JailAfterSlashes;
	type SlashWindow = staking::SlashWindow;
	type OnSlash = ResolveTo<TreasuryAccount, Balances>;
	type PalletId = StakingPalletId;
	type GovernanceOrigin = JudicialOrigin;
	// Storage-access estimates until the generated weights land (weights issue).
	type WeightInfo = pallet_prover_staking::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A verifying key's deposit: 0.1 BREV plus 1 mBREV per byte (a 2-input Groth16 key, 328
	/// bytes, holds 0.428 BREV).
	pub const KeyDepositBase: Balance = 100 * MILLI_BREV;
	pub const KeyDepositPerByte: Balance = MILLI_BREV;
}

impl pallet_proof_verifier::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Pairings run natively in the node (`provernet_zk::host`); `provernet-node` registers it.
	type Groth16 = provernet_zk::Host;
	type KeyDepositBase = KeyDepositBase;
	type KeyDepositPerByte = KeyDepositPerByte;
	type MaxKeyLen =
		ConstU32<{ provernet_zk::max_key_len(provernet_zk::MAX_PUBLIC_INPUTS) as u32 }>;
	type MaxPublicInputs = ConstU32<{ provernet_zk::MAX_PUBLIC_INPUTS }>;
	// Governed: defaults 4,096 bytes and 100 bits (BN254 passes).
	type MaxProofSize = market::MaxProofSize;
	type MinSecurityBits = market::MinSecurityBits;
	type AttestedSecurityBits = ConstU32<128>;
	type WeightInfo = pallet_proof_verifier::weights::SubstrateWeight<Runtime>;
}

/// The market's tiers, governed: by default latency tiers give a prover 5 minutes, 1 hour or 12
/// hours; stake tiers lock 10, 100 or 1,000 BREV of a prover's stake per lot.
pub struct Tiers;

impl pallet_job_escrow::TierTable<BlockNumber, Balance> for Tiers {
	fn proving_blocks(tier: u8) -> Option<BlockNumber> {
		market::LatencyTiers::get().get(tier as usize).copied()
	}
	fn stake(tier: u8) -> Option<Balance> {
		market::StakeTiers::get().get(tier as usize).copied()
	}
}

/// The longest an open lot waits for the auction, from the auction's own governed windows: rounds
/// open every commit window, so the next snapshot comes within `CommitBlocks`; its clearing lands
/// within `ClearingBlocks`, or, from a signed fallback, within `ClearingBlocks` more. One source
/// of timing: the escrow accepts a job only if the auction can still serve it in time.
pub struct AuctionBlocks;

impl Get<BlockNumber> for AuctionBlocks {
	fn get() -> BlockNumber {
		market::CommitBlocks::get().saturating_add(market::ClearingBlocks::get().saturating_mul(2))
	}
}

impl pallet_job_escrow::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Staking = crate::ProverStaking;
	type Verifier = crate::ProofVerifier;
	// Deferred, cancellable slashes (`pallet-slashing`).
	type Slashing = crate::Slashing;
	type Tiers = Tiers;
	type Treasury = TreasuryAccount;
	// Governed (`configs::governance::dynamic_params::market`).
	type MinFee = market::MinJobFee;
	type MaxSize = ConstU32<1_000_000>;
	type AuctionBlocks = AuctionBlocks;
	type MaxDeadlineBlocks = market::MaxDeadlineBlocks;
	type AcceptanceWindow = market::AcceptanceWindow;
	type DisputeBond = market::DisputeBond;
	type RulingWindow = market::RulingWindow;
	// The judges (two thirds of the council) or Root; not the market-parameters track.
	type JudgeOrigin = JudicialOrigin;
	type MaxStages = ConstU32<16>;
	type MaxDeps = ConstU32<4>;
	type MaxDepth = ConstU32<8>;
	type MaxInputsLen = ConstU32<{ 32 * provernet_zk::MAX_PUBLIC_INPUTS }>;
	type MaxDataLen = ConstU32<1024>;
	// A timer is charged at its worst case: a miss or an upheld dispute reported to
	// pallet-slashing, which records the exposure over up to 256 delegators (≈ 34–44 ms
	// benchmarked in the debug bench profile), then a whole job refunded. 8 per block bound the
	// hook to ≈ 18 % of a block's 2 s; more due timers run in the next blocks.
	type MaxTimersPerBlock = ConstU32<8>;
	type WeightInfo = pallet_job_escrow::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = EscrowBenchmarkHelper;
}

/// Provers and keys for the escrow's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct EscrowBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_job_escrow::BenchmarkHelper<crate::AccountId> for EscrowBenchmarkHelper {
	fn prover(class: provernet_primitives::ClassId, delegators: u32) -> crate::AccountId {
		use frame_support::traits::fungible::Mutate;
		let prover = crate::AccountId::from([0xaa; 32]);
		let _ = Balances::set_balance(&prover, 1_000_000 * BREV);
		pallet_prover_staking::Pallet::<Runtime>::register_prover(
			crate::RuntimeOrigin::signed(prover.clone()),
			100_000 * BREV,
			Perbill::from_percent(10),
			alloc::vec![pallet_prover_staking::Capability { class, capacity: 16 }],
			alloc::vec![],
		)
		.expect("registers");
		// The real worst case (market review M2): every staker on its way out with the most
		// unbonding chunks and no active stake — fifteen of 1 BREV and a last one of 100 — so a
		// slash's share of each walks every chunk. Leavers do not count against
		// `MaxDelegators`, so the list fills to its bound.
		type Staking = pallet_prover_staking::Pallet<Runtime>;
		let chunks: u32 = <Runtime as pallet_prover_staking::Config>::MaxUnbondingChunks::get();
		let rest = 100 * BREV;
		for d in 0..delegators {
			let mut raw = [0xbb; 32];
			raw[..4].copy_from_slice(&d.to_le_bytes());
			let who = crate::AccountId::from(raw);
			let _ = Balances::set_balance(&who, 1_000 * BREV);
			let signed = || crate::RuntimeOrigin::signed(who.clone());
			let small = Balance::from(chunks.saturating_sub(1)) * BREV;
			Staking::delegate(signed(), prover.clone(), rest + small).expect("delegates");
			for _ in 1..chunks {
				Staking::undelegate(signed(), prover.clone(), BREV).expect("unbonds a chunk");
			}
			Staking::undelegate(signed(), prover.clone(), rest).expect("leaves");
		}
		for _ in 0..chunks {
			Staking::unbond(crate::RuntimeOrigin::signed(prover.clone()), BREV).expect("unbonds");
		}
		prover
	}
	fn max_delegators() -> u32 {
		pallet_prover_staking::MaxListed::<Runtime>::get()
	}
	fn groth16(
		n: u32,
	) -> (provernet_primitives::proofs::KeyId, alloc::vec::Vec<u8>, alloc::vec::Vec<u8>) {
		use frame_support::traits::fungible::Mutate;
		use provernet_primitives::proofs::ProofSystem;
		let (vk, inputs, proof) = pallet_proof_verifier::fixture(n);
		let id = pallet_proof_verifier::key_id(ProofSystem::Groth16Bn254, &vk);
		let owner = crate::AccountId::from([0xcc; 32]);
		let _ = Balances::set_balance(&owner, 1_000 * BREV);
		let _ = pallet_proof_verifier::Pallet::<Runtime>::register_verifying_key(
			crate::RuntimeOrigin::signed(owner),
			ProofSystem::Groth16Bn254,
			vk,
		);
		(id, inputs, proof)
	}
	fn attested() -> provernet_primitives::proofs::KeyId {
		use frame_support::traits::fungible::Mutate;
		use provernet_primitives::proofs::ProofSystem;
		let owner = crate::AccountId::from([0xcc; 32]);
		let _ = Balances::set_balance(&owner, 1_000 * BREV);
		let _ = pallet_proof_verifier::Pallet::<Runtime>::register_verifying_key(
			crate::RuntimeOrigin::signed(owner),
			ProofSystem::Attested,
			b"benchmark attester".to_vec(),
		);
		pallet_proof_verifier::key_id(ProofSystem::Attested, b"benchmark attester")
	}
}

impl pallet_slashing::Config for Runtime {
	type Staking = crate::ProverStaking;
	type Balance = Balance;
	type DeferralWindow = market::SlashDeferral;
	type SlashFraction = market::SlashFraction;
	type RequesterShare = market::RequesterShare;
	type GovernanceOrigin = JudicialOrigin;
	// A slash over 256 delegators is ≈0.1 s of weight: 8 per block.
	// Each slash may touch 256 delegators (≈ 84 ms benchmarked): 4 per block bound the hook to
	// ≈ 17 % of a block; more due slashes wait for the next blocks.
	type MaxSlashesPerBlock = ConstU32<4>;
	type MaxReasonLen = ConstU32<256>;
	type WeightInfo = pallet_slashing::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SlashingBenchmarkHelper;
}

/// Provers for the slashing benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct SlashingBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_slashing::BenchmarkHelper<crate::AccountId, Balance> for SlashingBenchmarkHelper {
	fn prover_and_requester() -> (crate::AccountId, crate::AccountId, Balance) {
		use frame_support::traits::fungible::Mutate;
		use pallet_job_escrow::BenchmarkHelper;
		let class = provernet_primitives::jobs::class_id(
			provernet_primitives::proofs::ProofSystem::Groth16Bn254,
			0,
			0,
		);
		let prover = EscrowBenchmarkHelper::prover(class, 256);
		let requester = crate::AccountId::from([0xdd; 32]);
		let _ = Balances::set_balance(&requester, 1_000 * BREV);
		(prover, requester, 1_000 * BREV)
	}
}

impl pallet_toda::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Staking = crate::ProverStaking;
	type Market = crate::JobEscrow;
	type CommitBlocks = market::CommitBlocks;
	type RevealBlocks = market::RevealBlocks;
	type ClearingBlocks = market::ClearingBlocks;
	type Mechanism = market::Mechanism;
	type MarketFee = market::MarketFee;
	type BidBond = market::BidBond;
	type Treasury = TreasuryAccount;
	type FallbackReward = market::FallbackReward;
	type WeightToFee = <Runtime as pallet_transaction_payment::Config>::WeightToFee;
	type HistoryLen = ConstU32<64>;
	// With every class that can exist (63) and `MaxLotsPerRound`, a full round's clearing
	// (operational) fits in a ⅔ s block's operational room of 0.6 s: ≈ 540 ms with 8 asks a class
	// and 768 lots, of which each lot's assignment 0.37 ms and each ask's release 0.47 ms
	// (`a_full_rounds_clearing_fits_in_a_block`; 1,024 lots would take 635 ms).
	type MaxAsksPerClass = ConstU32<8>;
	// At least every class that can exist (7 systems × 3 latency × 3 stake tiers): only those take
	// commitments, so no class is shut out (`tests/runtime.rs` checks).
	type MaxClassesPerRound = ConstU32<64>;
	type MaxLotsPerClass = ConstU32<1_024>;
	// A full round's clearing must fit in one block (`tests/runtime.rs` checks it).
	type MaxLotsPerRound = ConstU32<768>;
	type WeightInfo = pallet_toda::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TodaBenchmarkHelper;
}

/// Provers and lots for the auction's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct TodaBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_toda::BenchmarkHelper<crate::AccountId, Balance> for TodaBenchmarkHelper {
	fn class() -> provernet_primitives::ClassId {
		provernet_primitives::jobs::class_id(
			provernet_primitives::proofs::ProofSystem::Groth16Bn254,
			0,
			0,
		)
	}
	fn prover(i: u32) -> crate::AccountId {
		use frame_support::traits::fungible::Mutate;
		let mut raw = [0xee; 32];
		raw[..4].copy_from_slice(&i.to_le_bytes());
		let who = crate::AccountId::from(raw);
		let _ = Balances::set_balance(&who, 100_000 * BREV);
		// Stake for 1,024 lots of the lowest stake tier (10 BREV each).
		let _ = pallet_prover_staking::Pallet::<Runtime>::register_prover(
			crate::RuntimeOrigin::signed(who.clone()),
			20_000 * BREV,
			Perbill::from_percent(10),
			alloc::vec![pallet_prover_staking::Capability {
				class: Self::class(),
				capacity: 1_024,
			}],
			alloc::vec![],
		);
		who
	}
	fn strong_prover(i: u32) -> crate::AccountId {
		let who = Self::prover(10_000 + i);
		let _ = pallet_prover_staking::Pallet::<Runtime>::bond_more(
			crate::RuntimeOrigin::signed(who.clone()),
			40_000 * BREV,
		);
		who
	}
	fn open_lots(n: u32) {
		use frame_support::traits::fungible::Mutate;
		use pallet_job_escrow::BenchmarkHelper;
		let requester = crate::AccountId::from([0xef; 32]);
		let _ = Balances::set_balance(&requester, 1_000_000 * BREV);
		let (key, inputs, _) = EscrowBenchmarkHelper::groth16(1);
		let now = crate::System::block_number();
		for i in 0..n {
			let stage = pallet_job_escrow::StageSpec {
				key,
				latency_tier: 0,
				stake_tier: 0,
				size: 1 + i % 7,
				max_fee: BREV,
				deadline: None,
				deps: alloc::vec![],
				public_inputs: Some(inputs.clone()),
			};
			let _ = crate::JobEscrow::submit_job(
				crate::RuntimeOrigin::signed(requester.clone()),
				u64::from(i),
				alloc::vec![stage],
				now + DAYS,
				pallet_job_escrow::InputData::Inline(Default::default()),
			);
		}
	}
}
