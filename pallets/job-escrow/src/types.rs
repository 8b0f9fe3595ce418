//! Jobs, stages (lots), their states and the tier table.

// The `*NoBound` derives repeat the generic bounds of these types.
#![allow(clippy::multiple_bound_locations)]

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use provernet_primitives::{
	jobs::{LotId, TradeTerms},
	proofs::KeyId,
	ClassId,
};
use scale_info::TypeInfo;

/// A requester's number for a job; `(requester, JobIndex)` identifies it, so no one can take
/// another requester's id.
pub type JobIndex = u64;

/// The latency and stake tiers the market offers (governed).
pub trait TierTable<BlockNumber, Balance> {
	/// Blocks a prover has to deliver a lot of latency tier `tier`, if the tier exists.
	fn proving_blocks(tier: u8) -> Option<BlockNumber>;
	/// The obligation (stake) a prover takes on with a lot of stake tier `tier`, if it exists.
	fn stake(tier: u8) -> Option<Balance>;
}

/// Where a job's input data is.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxData))]
#[codec(mel_bound())]
pub enum InputData<MaxData: Get<u32>> {
	/// The bytes themselves.
	Inline(BoundedVec<u8, MaxData>),
	/// A URI and the blake2-256 digest of what it serves.
	Uri {
		/// Where to fetch the input.
		uri: BoundedVec<u8, MaxData>,
		/// Its digest.
		digest: [u8; 32],
	},
}

/// One stage of a job as the requester submits it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct StageSpec<Balance, BlockNumber> {
	/// The verifying key the proof is checked against (fixes the proof system).
	pub key: KeyId,
	/// Latency tier (index into the governed tier table).
	pub latency_tier: u8,
	/// Stake tier (index into the governed tier table).
	pub stake_tier: u8,
	/// Public size `w` in proof-gas units.
	pub size: u32,
	/// The most this stage pays (`M`), held at submission.
	pub max_fee: Balance,
	/// The stage's own deadline, at or before the job's (`None`: the job's).
	pub deadline: Option<BlockNumber>,
	/// Earlier stages (by index) this one needs first.
	pub deps: alloc::vec::Vec<u8>,
	/// Public inputs the proof must have, in the verifier's encoding (32-byte little-endian field
	/// elements, the key's count of them). Required for every stage whose key takes public
	/// inputs: they are the statement the prover is paid to prove, so a proof of any other
	/// statement (e.g. an old proof for the same key) is refused. `None` only for keys without
	/// public inputs (attested systems).
	pub public_inputs: Option<alloc::vec::Vec<u8>>,
}

/// Where a lot is in its life. Every lot is in exactly one state.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(AccountId, Balance, BlockNumber))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub enum LotState<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
> {
	/// Waiting for the stages it depends on.
	Waiting,
	/// In the auction since `since`.
	Open {
		/// When it opened.
		since: BlockNumber,
	},
	/// Assigned: the prover must deliver a valid proof before `due`.
	Assigned {
		/// The prover.
		prover: AccountId,
		/// The trade's terms, as the auction cleared them: what settlement pays.
		terms: TradeTerms<Balance>,
		/// The last block at which a proof is accepted.
		due: BlockNumber,
	},
	/// An attested (off-chain) proof awaits the requester; accepted automatically at
	/// `accept_at` unless disputed.
	Attested {
		/// The prover.
		prover: AccountId,
		/// The trade's terms, as the auction cleared them: what settlement pays.
		terms: TradeTerms<Balance>,
		/// The attested digest.
		digest: [u8; 32],
		/// When it is accepted if the requester says nothing.
		accept_at: BlockNumber,
	},
	/// The requester disputed an attested proof; funds stay held until the judge rules or
	/// `rule_by` passes (then the attested proof stands).
	Disputed {
		/// The prover.
		prover: AccountId,
		/// The trade's terms, as the auction cleared them: what settlement pays.
		terms: TradeTerms<Balance>,
		/// The attested digest.
		digest: [u8; 32],
		/// The requester's bond, on hold (`HoldReason::DisputeBond`).
		bond: Balance,
		/// The ruling deadline.
		rule_by: BlockNumber,
	},
	/// Proved and paid.
	Fulfilled {
		/// The prover.
		prover: AccountId,
		/// What the requester paid (the trade's `lot_pays`).
		paid: Balance,
	},
	/// Refunded in full (cancelled, could not be served in time, or an earlier stage failed).
	Refunded,
}

impl<
		AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
		Balance: Clone + PartialEq + Eq + core::fmt::Debug,
		BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	> LotState<AccountId, Balance, BlockNumber>
{
	/// Settled for good: its escrow is no longer held.
	pub fn is_final(&self) -> bool {
		matches!(self, Self::Fulfilled { .. } | Self::Refunded)
	}
}

/// A lot: one stage of a job.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(AccountId, Balance, BlockNumber, MaxDeps, MaxInputs))]
#[codec(mel_bound(
	AccountId: MaxEncodedLen,
	Balance: MaxEncodedLen,
	BlockNumber: MaxEncodedLen
))]
pub struct Lot<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxDeps: Get<u32>,
	MaxInputs: Get<u32>,
> {
	/// The job's requester.
	pub requester: AccountId,
	/// The job.
	pub job: JobIndex,
	/// The stage's index in the job.
	pub stage: u8,
	/// The verifying key.
	pub key: KeyId,
	/// The market class (proof system, latency tier, stake tier).
	pub class: ClassId,
	/// Latency tier.
	pub latency_tier: u8,
	/// The obligation a prover takes on (from the stake tier at submission).
	pub stake: Balance,
	/// Public size `w`.
	pub size: u32,
	/// Max fee `M`, held.
	pub max_fee: Balance,
	/// The lot's deadline.
	pub deadline: BlockNumber,
	/// Stages (indices in the job) it depends on.
	pub deps: BoundedVec<u8, MaxDeps>,
	/// Required public inputs, if fixed at submission.
	pub public_inputs: Option<BoundedVec<u8, MaxInputs>>,
	/// Where it is.
	pub state: LotState<AccountId, Balance, BlockNumber>,
	/// Times it was assigned and the prover missed the deadline.
	pub misses: u32,
}

/// A job: its stages and what is still held for it.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(Balance, BlockNumber, MaxStages, MaxData))]
#[codec(mel_bound(Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Job<
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxStages: Get<u32>,
	MaxData: Get<u32>,
> {
	/// The job's deadline.
	pub deadline: BlockNumber,
	/// Its lots, by stage index.
	pub lots: BoundedVec<LotId, MaxStages>,
	/// Escrow still held for it: the max fees of its lots that are not final.
	pub held: Balance,
	/// Whether any of its lots was ever assigned (then it can no longer be cancelled).
	pub assigned_once: bool,
	/// Input data.
	pub input: InputData<MaxData>,
}

/// What a timer does when its block comes.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum TimerKind {
	/// An assigned lot's proof is due.
	Due,
	/// An open or waiting lot's last block to be assigned has passed.
	Expiry,
	/// An attested proof is accepted.
	Accept,
	/// A dispute's ruling deadline has passed: the default outcome applies.
	Ruling,
}

/// An open lot's place in its class's queue: the lot's unit value (max fee per unit of size,
/// rounded down) descending, then its id (its age) ascending. Stored big-endian as
/// `(u128::MAX − unit value) ‖ id`, so the keys compare bytewise in queue order.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct QueueKey(pub [u8; 24]);

impl QueueKey {
	/// The key of lot `id` with max fee `max_fee` over `size` units.
	pub fn new(id: LotId, max_fee: u128, size: u32) -> Self {
		let value = max_fee / u128::from(size.max(1));
		let mut key = [0u8; 24];
		key[..16].copy_from_slice(&(u128::MAX - value).to_be_bytes());
		key[16..].copy_from_slice(&id.to_be_bytes());
		Self(key)
	}

	/// The key of a stored lot.
	pub fn of<A, B, N, D, I>(id: LotId, lot: &Lot<A, B, N, D, I>) -> Self
	where
		A: Clone + PartialEq + Eq + core::fmt::Debug,
		B: Clone
			+ PartialEq
			+ Eq
			+ core::fmt::Debug
			+ sp_runtime::traits::UniqueSaturatedInto<u128>,
		N: Clone + PartialEq + Eq + core::fmt::Debug,
		D: Get<u32>,
		I: Get<u32>,
	{
		Self::new(id, lot.max_fee.clone().unique_saturated_into(), lot.size)
	}

	/// The lot.
	pub fn lot(&self) -> LotId {
		let mut id = [0u8; 8];
		id.copy_from_slice(&self.0[16..]);
		LotId::from_be_bytes(id)
	}
}
