//! Governance of the market by BREV holders: OpenGov (referenda with conviction voting, the
//! scheduler and preimages) with a "market parameters" track, and the governed parameters
//! themselves as `pallet-parameters` dynamic parameters behind `pallet-market-params`' range checks.
//!
//! Who can do what:
//! - **Root** (the root track; Sudo on development chains): runtime upgrades, anything, and who
//!   the judges are (`Judges::set_members`).
//! - **The market-parameters track**: market and staking parameters, each within its range.
//!   Nothing else: it cannot jail, cancel a slash or rule a dispute.
//! - **The judges** (`pallet-collective`, a small council Root appoints), by a two-thirds motion:
//!   jail and unjail provers, cancel a deferred slash, rule a disputed attested proof. These move
//!   money and must act within a slash's deferral or a dispute's ruling window, which a referendum
//!   (days) cannot; so they have a narrow origin of their own, and Root as a backstop.
//!
//! The tracks' periods are in days on every chain except development ones, whose genesis sets
//! `MarketParams::FastTracks` (minutes instead of days, the same curves and support floors).

use crate::{
	currency::{BREV, MILLI_BREV},
	time::{DAYS, HOURS, MINUTES},
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeHoldReason, RuntimeOrigin, Scheduler, System,
};
use alloc::borrow::Cow;
use frame_support::{
	dynamic_params::{dynamic_pallet_params, dynamic_params},
	parameter_types,
	traits::{ConstU32, EitherOf, EqualPrivilegeOnly, OriginTrait},
	weights::Weight,
};
use frame_system::EnsureRoot;
use pallet_market_params::RangeError;
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::{FixedU128, Perbill};

/// The market's governed values, with their defaults (genesis has no entry: defaults apply until
/// governance sets a value).
#[dynamic_params(RuntimeParameters, pallet_parameters::Parameters::<Runtime>)]
pub mod dynamic_params {
	use super::*;

	/// Proofs, fees, jobs, slashing and disputes.
	#[dynamic_pallet_params]
	#[codec(index = 0)]
	pub mod market {
		/// Largest proof a new job may use, in bytes (32 B ..= 1 MiB).
		#[codec(index = 0)]
		pub static MaxProofSize: u32 = 4096;
		/// Least security of a new job's key, in bits (80 ..= 256).
		#[codec(index = 1)]
		pub static MinSecurityBits: u32 = 100;
		/// The market's share of each payment (≤ 10 %).
		#[codec(index = 2)]
		pub static MarketFee: Perbill = Perbill::from_percent(1);
		/// Share of the stake tier slashed per violation (1 % ..= 50 %).
		#[codec(index = 3)]
		pub static SlashFraction: Perbill = Perbill::from_percent(10);
		/// The requester's share of a slash (0 ..= 50 %).
		#[codec(index = 4)]
		pub static RequesterShare: Perbill = Perbill::from_percent(50);
		/// The least max fee of a lot (≥ 1 µBREV).
		#[codec(index = 5)]
		pub static MinJobFee: Balance = 10 * MILLI_BREV;
		/// How far ahead a job's deadline may be (1 hour ..= 90 days).
		#[codec(index = 7)]
		pub static MaxDeadlineBlocks: BlockNumber = 7 * DAYS;
		/// A requester's window to accept or dispute an attested proof (≥ 1 block).
		#[codec(index = 8)]
		pub static AcceptanceWindow: BlockNumber = DAYS;
		/// Blocks a slash waits, cancellable, before it applies (0 = at once; ≤ 28 days).
		#[codec(index = 9)]
		pub static SlashDeferral: BlockNumber = HOURS;
		/// A requester's bond to dispute an attested proof.
		#[codec(index = 10)]
		pub static DisputeBond: Balance = 10 * BREV;
		/// Proving time of each latency tier, in blocks (strictly increasing, ≥ 1).
		#[codec(index = 11)]
		pub static LatencyTiers: [BlockNumber; 3] = [5 * MINUTES, HOURS, 12 * HOURS];
		/// Obligation of each stake tier (strictly increasing).
		#[codec(index = 12)]
		pub static StakeTiers: [Balance; 3] = [10 * BREV, 100 * BREV, 1_000 * BREV];
		/// Auction: blocks of a round's commit window (≥ 1; read by the auction pallet). A round
		/// opens every commit window, so an open lot waits at most this long for a snapshot: 5
		/// blocks (15 s) keep the median wait from submission to assignment near 10 s, and an
		/// agent that commits in the first block it sees has 4 blocks to spare.
		#[codec(index = 13)]
		pub static CommitBlocks: BlockNumber = 5;
		/// Auction: blocks of a round's reveal window (≥ 1): an agent reveals in its first block
		/// and has two more.
		#[codec(index = 14)]
		pub static RevealBlocks: BlockNumber = 3;
		/// Auction: blocks of a round's clearing window (≥ 1); the offchain worker's clearing
		/// lands in its first block, a dropped one is resubmitted after two.
		#[codec(index = 15)]
		pub static ClearingBlocks: BlockNumber = 3;
		/// Auction: the mechanism that clears each class (any but the VCG reference, which runs a
		/// deficit). The default switches on each class's public counts and is truthful for the
		/// multi-lot asks provers send (`primitives/toda/README.md` says why it is the default).
		#[codec(index = 16)]
		pub static Mechanism: toda::Mechanism = toda::Mechanism::Adaptive;
		/// Auction: the bond held with a sealed ask, forfeited if it is not revealed.
		#[codec(index = 17)]
		pub static BidBond: Balance = BREV;
		/// Auction: paid from the treasury to whoever lands a clearing in the fallback window.
		#[codec(index = 18)]
		pub static FallbackReward: Balance = 100 * MILLI_BREV;
		/// Blocks the judge has to rule on a disputed attested proof before the default outcome
		/// (the proof stands) applies (≥ 1 block).
		#[codec(index = 19)]
		pub static RulingWindow: BlockNumber = 2 * DAYS;
	}

	/// Prover staking.
	#[dynamic_pallet_params]
	#[codec(index = 1)]
	pub mod staking {
		/// Least self-stake of a prover (≥ 1 BREV).
		#[codec(index = 0)]
		pub static MinSelfStake: Balance = 1_000 * BREV;
		/// Unbonding stake stays held and slashable this long (≥ 1 hour).
		#[codec(index = 1)]
		pub static UnbondingDelay: BlockNumber = 7 * DAYS;
		/// Obligations × factor must stay within stake (≥ 1).
		#[codec(index = 2)]
		pub static OvercommitFactor: FixedU128 = FixedU128::from_inner(1_050_000_000_000_000_000);
		/// Slashes within `SlashWindow` that jail a prover (0 = never; ≤ 100).
		#[codec(index = 3)]
		pub static JailAfterSlashes: u32 = 3;
		/// The jailing window (≥ 1 block).
		#[codec(index = 4)]
		pub static SlashWindow: BlockNumber = DAYS;
		/// Least active delegation (1 ..= 100,000 BREV): filling a prover's delegator list costs
		/// at least this much per slot.
		#[codec(index = 5)]
		pub static MinDelegation: Balance = 100 * BREV;
		/// Largest step of one commission increase (1 % ..= 25 %); each step waits the unbonding
		/// delay.
		#[codec(index = 6)]
		pub static MaxCommissionStep: Perbill = Perbill::from_percent(5);
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl Default for RuntimeParameters {
	fn default() -> Self {
		RuntimeParameters::Market(dynamic_params::market::Parameters::MarketFee(
			dynamic_params::market::MarketFee,
			Some(Perbill::from_percent(1)),
		))
	}
}

/// The range of every key.
pub struct MarketRanges;

impl pallet_market_params::Validate<RuntimeParameters> for MarketRanges {
	fn validate(p: &RuntimeParameters) -> Result<(), RangeError> {
		use dynamic_params::{market::Parameters as M, staking::Parameters as S};
		fn range<T: PartialOrd>(v: T, min: T, max: T) -> Result<(), RangeError> {
			if v < min {
				Err(RangeError::BelowMinimum)
			} else if v > max {
				Err(RangeError::AboveMaximum)
			} else {
				Ok(())
			}
		}
		fn window(v: BlockNumber) -> Result<(), RangeError> {
			if v == 0 {
				Err(RangeError::ZeroWindow)
			} else {
				Ok(())
			}
		}
		fn increasing<T: PartialOrd + Copy>(t: &[T]) -> Result<(), RangeError> {
			if t.windows(2).all(|w| w[0] < w[1]) {
				Ok(())
			} else {
				Err(RangeError::TiersNotIncreasing)
			}
		}
		// The longest a violation waits for its slash: an attested proof can be disputed for
		// `AcceptanceWindow`, ruled on for `RulingWindow` (then its exposure is recorded), and the
		// slash applies `SlashDeferral` later, plus however long the slash queue (a few per
		// block) takes: an hour's margin. Stake that starts unbonding at the violation must
		// still be held then. Each of the four keys is checked against the others' values.
		#[derive(Clone, Copy)]
		struct SlashPath {
			acceptance: BlockNumber,
			ruling: BlockNumber,
			deferral: BlockNumber,
			unbonding: BlockNumber,
		}
		impl SlashPath {
			fn now() -> Self {
				use frame_support::traits::Get;
				Self {
					acceptance: dynamic_params::market::AcceptanceWindow::get(),
					ruling: dynamic_params::market::RulingWindow::get(),
					deferral: dynamic_params::market::SlashDeferral::get(),
					unbonding: dynamic_params::staking::UnbondingDelay::get(),
				}
			}
			fn check(self) -> Result<(), RangeError> {
				let longest = self
					.acceptance
					.saturating_add(self.ruling)
					.saturating_add(self.deferral)
					.saturating_add(HOURS);
				if longest < self.unbonding {
					Ok(())
				} else {
					Err(RangeError::SlashAfterUnbonding)
				}
			}
		}
		// A round lives for its commit, reveal, clearing and fallback windows (the fallback is as
		// long as the clearing); rounds open one commit window apart, and the auction's hook walks
		// at most `MAX_LIVE_ROUNDS` of them: a round must end within that walk, or it would wait
		// (and its lots with it) until older ones leave it.
		#[derive(Clone, Copy)]
		struct RoundWindows {
			commit: BlockNumber,
			reveal: BlockNumber,
			clearing: BlockNumber,
		}
		impl RoundWindows {
			fn now() -> Self {
				use frame_support::traits::Get;
				Self {
					commit: dynamic_params::market::CommitBlocks::get(),
					reveal: dynamic_params::market::RevealBlocks::get(),
					clearing: dynamic_params::market::ClearingBlocks::get(),
				}
			}
			fn check(self) -> Result<(), RangeError> {
				let life = u64::from(self.commit)
					.saturating_add(u64::from(self.reveal))
					.saturating_add(u64::from(self.clearing).saturating_mul(2));
				if life <= u64::from(self.commit).saturating_mul(pallet_toda::MAX_LIVE_ROUNDS) {
					Ok(())
				} else {
					Err(RangeError::RoundOutlivesWalk)
				}
			}
		}
		let none = || RangeError::CannotUnset;
		match p {
			RuntimeParameters::Market(m) => match m {
				M::MaxProofSize(_, v) => range(v.ok_or_else(none)?, 32, 1 << 20),
				M::MinSecurityBits(_, v) => range(v.ok_or_else(none)?, 80, 256),
				M::MarketFee(_, v) => {
					if v.ok_or_else(none)? > Perbill::from_percent(10) {
						Err(RangeError::FeeAboveCap)
					} else {
						Ok(())
					}
				},
				// A slash always costs something and never takes more than half of a tier at once.
				M::SlashFraction(_, v) => {
					range(v.ok_or_else(none)?, Perbill::from_percent(1), Perbill::from_percent(50))
				},
				// The requester is compensated, but a slash is never worth more to it than the
				// treasury's part (no profit in provoking one).
				M::RequesterShare(_, v) => {
					range(v.ok_or_else(none)?, Perbill::zero(), Perbill::from_percent(50))
				},
				M::MinJobFee(_, v) => range(v.ok_or_else(none)?, MILLI_BREV / 1_000, 1_000 * BREV),
				M::MaxDeadlineBlocks(_, v) => range(v.ok_or_else(none)?, HOURS, 90 * DAYS),
				M::AcceptanceWindow(_, v) => {
					let v = v.ok_or_else(none)?;
					window(v)?;
					SlashPath { acceptance: v, ..SlashPath::now() }.check()
				},
				M::RulingWindow(_, v) => {
					let v = v.ok_or_else(none)?;
					window(v)?;
					range(v, 1, 28 * DAYS)?;
					SlashPath { ruling: v, ..SlashPath::now() }.check()
				},
				M::SlashDeferral(_, v) => {
					let v = v.ok_or_else(none)?;
					range(v, 0, 28 * DAYS)?;
					SlashPath { deferral: v, ..SlashPath::now() }.check()
				},
				// A floor, so disputing is never free (market review M3).
				M::DisputeBond(_, v) => range(v.ok_or_else(none)?, BREV, 1_000 * BREV),
				M::LatencyTiers(_, v) => {
					let v = v.ok_or_else(none)?;
					window(v[0])?;
					range(v[2], 1, 30 * DAYS)?;
					increasing(&v)
				},
				M::StakeTiers(_, v) => {
					let v = v.ok_or_else(none)?;
					// Every lot carries an obligation: an auction ask reserves `capacity × stake`
					// of its prover's room, which caps and pins it.
					range(v[0], 1, Balance::MAX)?;
					range(v[2], 1, 1_000_000 * BREV)?;
					increasing(&v)
				},
				M::CommitBlocks(_, v) => {
					let v = v.ok_or_else(none)?;
					window(v)?;
					range(v, 1, DAYS)?;
					RoundWindows { commit: v, ..RoundWindows::now() }.check()
				},
				M::RevealBlocks(_, v) => {
					let v = v.ok_or_else(none)?;
					window(v)?;
					range(v, 1, DAYS)?;
					RoundWindows { reveal: v, ..RoundWindows::now() }.check()
				},
				M::ClearingBlocks(_, v) => {
					let v = v.ok_or_else(none)?;
					window(v)?;
					range(v, 1, DAYS)?;
					RoundWindows { clearing: v, ..RoundWindows::now() }.check()
				},
				M::Mechanism(_, v) => {
					if v.ok_or_else(none)?.is_budget_balanced() {
						Ok(())
					} else {
						Err(RangeError::RunsADeficit)
					}
				},
				M::BidBond(_, v) => range(v.ok_or_else(none)?, 0, 1_000 * BREV),
				M::FallbackReward(_, v) => range(v.ok_or_else(none)?, 0, 10 * BREV),
			},
			RuntimeParameters::Staking(s) => match s {
				S::MinSelfStake(_, v) => range(v.ok_or_else(none)?, BREV, 1_000_000 * BREV),
				S::UnbondingDelay(_, v) => {
					let v = v.ok_or_else(none)?;
					range(v, HOURS, 90 * DAYS)?;
					SlashPath { unbonding: v, ..SlashPath::now() }.check()
				},
				S::OvercommitFactor(_, v) => {
					range(v.ok_or_else(none)?, FixedU128::from_u32(1), FixedU128::from_u32(10))
				},
				S::JailAfterSlashes(_, v) => range(v.ok_or_else(none)?, 0, 100),
				S::SlashWindow(_, v) => {
					let v = v.ok_or_else(none)?;
					window(v)?;
					range(v, 1, 90 * DAYS)
				},
				S::MinDelegation(_, v) => range(v.ok_or_else(none)?, BREV, 100_000 * BREV),
				S::MaxCommissionStep(_, v) => {
					range(v.ok_or_else(none)?, Perbill::from_percent(1), Perbill::from_percent(25))
				},
			},
		}
	}
}

impl pallet_parameters::Config for Runtime {
	type RuntimeEvent = crate::RuntimeEvent;
	type RuntimeParameters = RuntimeParameters;
	// Only Root writes directly; governance goes through `MarketParams::set` and its ranges.
	type AdminOrigin = frame_support::traits::AsEnsureOriginWithArg<EnsureRoot<AccountId>>;
	// Benchmarked against this runtime (pallet-parameters 0.21 keeps its own `SubstrateWeight`
	// private).
	type WeightInfo = crate::weights::pallet_parameters::WeightInfo<Runtime>;
}

/// Who may set each key: Root, or the market-parameters track for the market and staking keys.
pub struct ParameterOrigin;

impl frame_support::traits::EnsureOriginWithArg<RuntimeOrigin, RuntimeParametersKey>
	for ParameterOrigin
{
	type Success = ();

	fn try_origin(o: RuntimeOrigin, key: &RuntimeParametersKey) -> Result<(), RuntimeOrigin> {
		use frame_support::traits::EnsureOrigin;
		match key {
			RuntimeParametersKey::Market(_) | RuntimeParametersKey::Staking(_) => {
				EitherOf::<
					EnsureRoot<AccountId>,
					pallet_market_params::EnsureMarketParams<RuntimeOrigin>,
				>::try_origin(o)
				.map(|_| ())
			},
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(_key: &RuntimeParametersKey) -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::root())
	}
}

/// Every key with its value in force (governance's, or the default), for the view function.
pub struct ParametersInForce;

impl pallet_market_params::InForce<RuntimeParameters> for ParametersInForce {
	fn in_force() -> alloc::vec::Vec<RuntimeParameters> {
		use dynamic_params::{market as m, staking as s};
		use frame_support::traits::Get;
		macro_rules! in_force {
			($group:ident, $variant:ident: $($key:ident),* $(,)?) => {
				alloc::vec![$(RuntimeParameters::$variant($group::Parameters::$key(
					$group::$key,
					Some(<$group::$key as Get<_>>::get()),
				))),*]
			};
		}
		let mut all = in_force!(m, Market:
			MaxProofSize, MinSecurityBits, MarketFee, SlashFraction, RequesterShare, MinJobFee,
			MaxDeadlineBlocks, AcceptanceWindow, SlashDeferral, DisputeBond, RulingWindow,
			LatencyTiers, StakeTiers, CommitBlocks, RevealBlocks, ClearingBlocks, Mechanism,
			BidBond, FallbackReward,
		);
		all.extend(in_force!(s, Staking:
			MinSelfStake, UnbondingDelay, OvercommitFactor, JailAfterSlashes, SlashWindow,
			MinDelegation, MaxCommissionStep,
		));
		all
	}
}

impl pallet_market_params::Config for Runtime {
	type SetOrigin = ParameterOrigin;
	type Validator = MarketRanges;
	type InForce = ParametersInForce;
}

parameter_types! {
	pub MaximumSchedulerWeight: Weight =
		Perbill::from_percent(80) * crate::configs::RuntimeBlockWeights::get().max_block;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = crate::RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = crate::RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	// Noting a preimage holds 1 BREV plus 1 mBREV per byte until it is unnoted (a 4 MiB
	// preimage holds ≈ 4,195 BREV), as upstream runtimes do (market review L1).
	type Consideration = frame_support::traits::fungible::HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		frame_support::traits::LinearStoragePrice<
			PreimageBaseDeposit,
			PreimageByteDeposit,
			Balance,
		>,
	>;
}

parameter_types! {
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	pub const PreimageBaseDeposit: Balance = BREV;
	pub const PreimageByteDeposit: Balance = MILLI_BREV;
}

parameter_types! {
	/// A judges' motion stays open this long (a dispute's ruling window).
	pub const JudgesMotionDuration: BlockNumber = 2 * DAYS;
	pub JudgesMaxProposalWeight: Weight =
		Perbill::from_percent(50) * crate::configs::RuntimeBlockWeights::get().max_block;
}

/// The judges' council.
pub type JudgesInstance = pallet_collective::Instance1;

impl pallet_collective::Config<JudgesInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = crate::RuntimeEvent;
	type MotionDuration = JudgesMotionDuration;
	type MaxProposals = ConstU32<32>;
	type MaxMembers = ConstU32<16>;
	// A judge who does not vote counts as nay, prime or not: only two thirds of ayes pass.
	type DefaultVote = AbsentIsNay;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	// Root appoints and removes judges (the root track: days of voting, a real support floor).
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = JudgesMaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	// Only judges propose: no deposit.
	type Consideration = ();
}

/// A judge's missing vote is a nay when a motion closes after its duration (the upstream default
/// follows a prime judge, which would let one judge pass a motion alone by waiting it out).
pub struct AbsentIsNay;

impl pallet_collective::DefaultVote for AbsentIsNay {
	fn default_vote(_prime: Option<bool>, _yes: u32, _no: u32, _len: u32) -> bool {
		false
	}
}

/// Who jails and unjails provers, cancels deferred slashes and rules disputes: two thirds of the
/// judges, or Root. Not the market-parameters track.
pub type JudicialOrigin = EitherOf<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, JudgesInstance, 2, 3>,
>;

parameter_types! {
	pub const VoteLockingPeriod: BlockNumber = DAYS;
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = crate::RuntimeEvent;
	type WeightInfo = pallet_conviction_voting::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type Polls = Referenda;
	type MaxTurnout = frame_support::traits::TotalIssuanceOf<Balances, AccountId>;
	type MaxVotes = ConstU32<512>;
	type VoteLockingPeriod = VoteLockingPeriod;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

/// The referenda tracks: 0 Root, 1 market parameters. Two sets: days on every chain, minutes on
/// development chains (their genesis sets `MarketParams::FastTracks`); the curves and support
/// floors are the same.
pub struct Tracks;

const fn name(s: &str) -> [u8; 25] {
	let bytes = s.as_bytes();
	let mut out = [0u8; 25];
	let mut i = 0;
	while i < bytes.len() {
		out[i] = bytes[i];
		i += 1;
	}
	out
}

/// Market-parameters track id.
pub const MARKET_PARAMS_TRACK: u16 = 1;

/// Approval falls from 100 % to 50 % of the votes over the decision period.
const APPROVAL: Curve = Curve::LinearDecreasing {
	length: Perbill::from_percent(100),
	floor: Perbill::from_percent(50),
	ceil: Perbill::from_percent(100),
};

/// Root: support (aye BREV over total issuance, conviction aside) from 50 % to 5 %.
const ROOT_SUPPORT: Curve = Curve::LinearDecreasing {
	length: Perbill::from_percent(100),
	floor: Perbill::from_percent(5),
	ceil: Perbill::from_percent(50),
};

/// Market parameters: support from 25 % to 1 % (market review H3: never 0, so one planck of aye
/// can never pass a referendum nobody opposed).
const MARKET_SUPPORT: Curve = Curve::LinearDecreasing {
	length: Perbill::from_percent(100),
	floor: Perbill::from_percent(1),
	ceil: Perbill::from_percent(25),
};

/// The periods of one track.
struct Periods {
	prepare: BlockNumber,
	decision: BlockNumber,
	confirm: BlockNumber,
	enactment: BlockNumber,
}

const fn tracks_with(root: Periods, market: Periods) -> [Track<u16, Balance, BlockNumber>; 2] {
	[
		Track {
			id: 0,
			info: TrackInfo {
				name: name("root"),
				max_deciding: 1,
				decision_deposit: 1_000 * BREV,
				prepare_period: root.prepare,
				decision_period: root.decision,
				confirm_period: root.confirm,
				min_enactment_period: root.enactment,
				min_approval: APPROVAL,
				min_support: ROOT_SUPPORT,
			},
		},
		Track {
			id: MARKET_PARAMS_TRACK,
			info: TrackInfo {
				name: name("market_params"),
				max_deciding: 10,
				decision_deposit: 100 * BREV,
				prepare_period: market.prepare,
				decision_period: market.decision,
				confirm_period: market.confirm,
				min_enactment_period: market.enactment,
				min_approval: APPROVAL,
				min_support: MARKET_SUPPORT,
			},
		},
	]
}

/// Every chain but development ones: decisions in days, confirmation in hours.
pub static PRODUCTION_TRACKS: [Track<u16, Balance, BlockNumber>; 2] = tracks_with(
	Periods { prepare: 2 * HOURS, decision: 14 * DAYS, confirm: DAYS, enactment: DAYS },
	Periods { prepare: HOURS, decision: 7 * DAYS, confirm: 3 * HOURS, enactment: HOURS },
);

/// Development chains: the same tracks in minutes (a referendum with broad support passes in about
/// a minute), so the e2e tests and a developer can watch one pass.
pub static FAST_TRACKS: [Track<u16, Balance, BlockNumber>; 2] = tracks_with(
	Periods { prepare: 10, decision: 7 * DAYS, confirm: 10, enactment: 10 },
	Periods { prepare: 1, decision: 20, confirm: 2, enactment: 1 },
);

impl pallet_referenda::TracksInfo<Balance, BlockNumber> for Tracks {
	type Id = u16;
	type RuntimeOrigin = <RuntimeOrigin as OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<Self::Id, Balance, BlockNumber>>> {
		let set = if pallet_market_params::FastTracks::<Runtime>::get() {
			&FAST_TRACKS
		} else {
			&PRODUCTION_TRACKS
		};
		set.iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(0),
			OriginCaller::MarketParams(pallet_market_params::Origin::MarketParams) => {
				Ok(MARKET_PARAMS_TRACK)
			},
			_ => Err(()),
		}
	}
}

parameter_types! {
	pub const AlarmInterval: BlockNumber = 1;
	pub const SubmissionDeposit: Balance = BREV;
	pub const UndecidingTimeout: BlockNumber = 14 * DAYS;
}

impl pallet_referenda::Config for Runtime {
	type WeightInfo = pallet_referenda::weights::SubstrateWeight<Runtime>;
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = crate::RuntimeEvent;
	type Scheduler = Scheduler;
	type Currency = Balances;
	type SubmitOrigin = frame_system::EnsureSigned<AccountId>;
	// The judges (or Root) may cancel a referendum (its deposits are returned): a spam referendum
	// holding a deciding slot need not wait out its decision period.
	type CancelOrigin = JudicialOrigin;
	type KillOrigin = EnsureRoot<AccountId>;
	type Slash = ();
	type Votes = pallet_conviction_voting::VotesOf<Runtime>;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<100>;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = AlarmInterval;
	type Tracks = Tracks;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}
