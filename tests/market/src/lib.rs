//! # The market test world
//!
//! One native runtime with everything a lot's life touches — balances, prover staking, the
//! verifier registry, the job escrow, slashing and the TODA auction — wired as the real runtime
//! wires them, with named accounts, registered keys and real proofs. Stories and properties that
//! cross pallets live here (`tests/`): commit → reveal → snapshot → clearing → proof → paid, a miss
//! → slash of the recorded exposure → re-auction → paid, and the truthfulness of what the chain
//! actually pays, measured from balances.
//!
//! [`ExtBuilder::build_and_execute`] runs a story, then every pallet's `try_state`, the issuance
//! check and "every BREV is in an account" (over every account the world ever funded).
//!
//! The auction reaches the escrow through [`Market`], which forwards to the escrow unchanged. For
//! showing that the truthfulness property can fail, [`legacy_payments`] makes it pay the prover
//! the lot's price instead of the trade's terms — the settlement rule before market-review H1 —
//! and the property test shows the deviation search then finds a profitable misreport.

#![allow(missing_docs)]

use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
};
use pallet_prover_staking::Capability;
use provernet_circuits::Chain;
use provernet_primitives::{
	jobs::{class_id, AssignError, JobMarket, LotId, OpenLot, TradeTerms},
	proofs::{KeyId, ProofSystem},
	ClassId,
};
use sp_runtime::{BuildStorage, FixedU128, Perbill, Weight};
use std::cell::{Cell, RefCell};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Staking: pallet_prover_staking,
		Verifier: pallet_proof_verifier,
		Escrow: pallet_job_escrow,
		Slashing: pallet_slashing,
		Toda: pallet_toda,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = frame_support::traits::ConstU128<1>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
	type FreezeIdentifier = ();
	type MaxFreezes = ConstU32<1>;
}

parameter_types! {
	pub const StakingPalletId: frame_support::PalletId = frame_support::PalletId(*b"py/prvst");
	pub const TreasuryAccount: AccountId = TREASURY;
	pub OvercommitOne: FixedU128 = FixedU128::from_u32(1);
	/// The auction's fee (the round's, fixed when it opens).
	pub static MarketFee: Perbill = Perbill::from_percent(1);
	/// The auction's mechanism (McAfee unless a story sets another).
	pub static Mechanism: toda::Mechanism = toda::Mechanism::McAfee;
	pub static SlashFraction: Perbill = Perbill::from_percent(50);
	pub static RequesterShare: Perbill = Perbill::from_percent(50);
	pub static DeferralWindow: u64 = 3;
	pub const MaxCommissionStep: Perbill = Perbill::from_percent(10);
}

impl pallet_prover_staking::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinSelfStake = frame_support::traits::ConstU128<1_000>;
	type UnbondingDelay = ConstU64<20>;
	type OvercommitFactor = OvercommitOne;
	type MinDelegation = frame_support::traits::ConstU128<1>;
	type MaxCommissionStep = MaxCommissionStep;
	type MaxDelegators = ConstU32<4>;
	type MaxUnbondingChunks = ConstU32<2>;
	type MaxClasses = ConstU32<4>;
	type MaxMetadataLen = ConstU32<32>;
	type JailAfterSlashes = ConstU32<0>;
	type SlashWindow = ConstU64<100>;
	type OnSlash = frame_support::traits::tokens::imbalance::ResolveTo<TreasuryAccount, Balances>;
	type PalletId = StakingPalletId;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = ();
}

impl pallet_proof_verifier::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Groth16 = provernet_zk::Host;
	type KeyDepositBase = frame_support::traits::ConstU128<10>;
	type KeyDepositPerByte = frame_support::traits::ConstU128<0>;
	type MaxKeyLen =
		ConstU32<{ provernet_zk::max_key_len(provernet_zk::MAX_PUBLIC_INPUTS) as u32 }>;
	type MaxPublicInputs = ConstU32<{ provernet_zk::MAX_PUBLIC_INPUTS }>;
	type MaxProofSize = ConstU32<1024>;
	type MinSecurityBits = ConstU32<100>;
	type AttestedSecurityBits = ConstU32<128>;
	type WeightInfo = ();
}

/// Latency tier 0: 10 blocks to prove; stake tier 0: a 120 obligation.
pub struct Tiers;
impl pallet_job_escrow::TierTable<u64, Balance> for Tiers {
	fn proving_blocks(tier: u8) -> Option<u64> {
		[10, 50].get(tier as usize).copied()
	}
	fn stake(tier: u8) -> Option<Balance> {
		[120, 5_000].get(tier as usize).copied()
	}
}

impl pallet_job_escrow::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Staking = Staking;
	type Verifier = Verifier;
	type Slashing = Slashing;
	type Tiers = Tiers;
	type Treasury = TreasuryAccount;
	type MinFee = frame_support::traits::ConstU128<1>;
	type MaxSize = ConstU32<1_000>;
	// The auction's longest wait: the next snapshot (a commit window), then clearing and fallback.
	type AuctionBlocks = ConstU64<20>;
	type MaxDeadlineBlocks = ConstU64<1_000>;
	type AcceptanceWindow = ConstU64<20>;
	type DisputeBond = frame_support::traits::ConstU128<10>;
	type RulingWindow = ConstU64<30>;
	type JudgeOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxStages = ConstU32<4>;
	type MaxDeps = ConstU32<2>;
	type MaxDepth = ConstU32<3>;
	type MaxInputsLen = ConstU32<64>;
	type MaxDataLen = ConstU32<32>;
	type MaxTimersPerBlock = ConstU32<16>;
	type WeightInfo = ();
}

impl pallet_slashing::Config for Test {
	type Staking = Staking;
	type Balance = Balance;
	type DeferralWindow = DeferralWindow;
	type SlashFraction = SlashFraction;
	type RequesterShare = RequesterShare;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxSlashesPerBlock = ConstU32<4>;
	type MaxReasonLen = ConstU32<32>;
	type WeightInfo = ();
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Test
where
	RuntimeCall: From<C>,
{
	type Extrinsic = frame_system::mocking::MockUncheckedExtrinsic<Test>;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	type Extension = ();
	fn create_transaction(call: RuntimeCall, extension: ()) -> Self::Extrinsic {
		sp_runtime::generic::UncheckedExtrinsic::new_transaction(call, extension)
	}
}

impl<C> frame_system::offchain::CreateAuthorizedTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	fn create_extension() {}
}

thread_local! {
	static LEGACY: Cell<bool> = const { Cell::new(false) };
	static FUNDED: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	static MINTED: Cell<Balance> = const { Cell::new(0) };
}

/// While `on`, [`Market`] assigns lots on the settlement rule before market-review H1: the prover
/// is paid the lot's price less the fee, the treasury only the fee. Only for showing that the
/// truthfulness property test catches a broken payment rule.
pub fn legacy_payments(on: bool) {
	LEGACY.with(|l| l.set(on));
}

/// Whether [`legacy_payments`] is on.
pub fn legacy() -> bool {
	LEGACY.with(|l| l.get())
}

/// The auction's view of the escrow: forwards every call (see [`legacy_payments`]).
pub struct Market;

impl JobMarket<AccountId, Balance, u64> for Market {
	fn snapshot_lots(
		class: ClassId,
		max: u32,
		served_from: u64,
		bound_until: u64,
	) -> (Vec<OpenLot<Balance>>, u32) {
		<Escrow as JobMarket<_, _, _>>::snapshot_lots(class, max, served_from, bound_until)
	}
	fn unbind(lot: LotId, bound_until: u64) {
		<Escrow as JobMarket<_, _, _>>::unbind(lot, bound_until)
	}
	fn class_stake(class: ClassId) -> Option<Balance> {
		<Escrow as JobMarket<_, _, _>>::class_stake(class)
	}
	fn assign(
		lot: LotId,
		prover: &AccountId,
		terms: TradeTerms<Balance>,
	) -> Result<(), AssignError> {
		let terms = if LEGACY.with(|l| l.get()) {
			let fee = MarketFee::get().mul_floor(terms.lot_pays);
			TradeTerms {
				ask_unit_price: terms.lot_unit_price,
				ask_gross: terms.lot_pays,
				fee,
				ask_receives: terms.lot_pays - fee,
				..terms
			}
		} else {
			terms
		};
		<Escrow as JobMarket<_, _, _>>::assign(lot, prover, terms)
	}
	fn is_servable(lot: LotId) -> bool {
		<Escrow as JobMarket<_, _, _>>::is_servable(lot)
	}
	fn assign_weight() -> Weight {
		<Escrow as JobMarket<_, _, _>>::assign_weight()
	}
}

impl pallet_toda::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Staking = Staking;
	type Market = Market;
	type CommitBlocks = ConstU64<10>;
	type RevealBlocks = ConstU64<5>;
	type ClearingBlocks = ConstU64<5>;
	type Mechanism = Mechanism;
	type MarketFee = MarketFee;
	type BidBond = frame_support::traits::ConstU128<BOND>;
	type Treasury = TreasuryAccount;
	type FallbackReward = frame_support::traits::ConstU128<5>;
	type WeightToFee =
		frame_support::weights::ConstantMultiplier<Balance, frame_support::traits::ConstU128<0>>;
	type HistoryLen = ConstU32<4>;
	type MaxAsksPerClass = ConstU32<8>;
	type MaxClassesPerRound = ConstU32<4>;
	type MaxLotsPerClass = ConstU32<16>;
	type MaxLotsPerRound = ConstU32<32>;
	type WeightInfo = ();
}

/// Provers (self-staked, 100 % commission unless a story says otherwise).
pub const P1: AccountId = 1;
pub const P2: AccountId = 2;
pub const P3: AccountId = 3;
/// Delegators.
pub const D1: AccountId = 11;
pub const D2: AccountId = 12;
/// Requesters.
pub const R1: AccountId = 21;
pub const R2: AccountId = 22;
/// Registers the keys.
pub const KEYS: AccountId = 31;
pub const TREASURY: AccountId = 99;
/// What every named account starts with.
pub const START: Balance = 1_000_000;
/// A sealed ask's bond.
pub const BOND: Balance = 50;
/// Provers of generated markets are `FIRST_PROVER + i`, requesters `FIRST_REQUESTER + i`.
pub const FIRST_PROVER: AccountId = 100;
pub const FIRST_REQUESTER: AccountId = 200;

/// The Groth16 class (latency and stake tier 0) and the attested one.
pub fn g16() -> ClassId {
	class_id(ProofSystem::Groth16Bn254, 0, 0)
}
pub fn attested() -> ClassId {
	class_id(ProofSystem::Attested, 0, 0)
}

/// The demo circuit the stories prove.
pub const SHAPE: Chain = Chain { rounds: 16, inputs: 1 };

/// Public inputs and a real Groth16 proof of the demo circuit for `secret`.
pub fn proof_for(secret: u64) -> (Vec<u8>, Vec<u8>) {
	thread_local! {
		static PK: provernet_circuits::DemoProvingKey = provernet_circuits::setup(SHAPE).0;
	}
	PK.with(|pk| provernet_circuits::prove(pk, SHAPE, provernet_circuits::secret(secret), secret))
}

pub fn groth_key() -> KeyId {
	pallet_proof_verifier::key_id(
		ProofSystem::Groth16Bn254,
		&provernet_circuits::known_key("chain-16x1").expect("a checked-in key"),
	)
}
pub fn attested_key() -> KeyId {
	pallet_proof_verifier::key_id(ProofSystem::Attested, b"attester")
}

/// Gives `who` `amount` (recorded, so the final "every BREV is in an account" check sees it).
pub fn fund(who: AccountId, amount: Balance) {
	use frame_support::traits::fungible::Mutate;
	assert_ok!(<Balances as Mutate<_>>::mint_into(&who, amount));
	FUNDED.with(|f| f.borrow_mut().push(who));
	MINTED.with(|m| m.set(m.get() + amount));
}

/// Registers `who` as a prover of both classes with `stake` and `commission`, capacity `cap`.
pub fn register_prover(who: AccountId, stake: Balance, commission: Perbill, cap: u32) {
	assert_ok!(Staking::register_prover(
		RuntimeOrigin::signed(who),
		stake,
		commission,
		vec![
			Capability { class: g16(), capacity: cap },
			Capability { class: attested(), capacity: cap }
		],
		vec![]
	));
}

pub struct ExtBuilder;

impl ExtBuilder {
	/// The world at block 1: named accounts funded, P1 (2,000 self-stake, D1 delegating 1,000) and
	/// P2 (3,000) registered at 10 % commission, both keys registered, round 0 open.
	pub fn build() -> sp_io::TestExternalities {
		let mut t =
			frame_system::GenesisConfig::<Test>::default().build_storage().expect("genesis");
		pallet_balances::GenesisConfig::<Test> {
			balances: named().into_iter().map(|a| (a, START)).collect(),
			..Default::default()
		}
		.assimilate_storage(&mut t)
		.expect("balances");
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| {
			FUNDED.with(|f| f.borrow_mut().clear());
			MINTED.with(|m| m.set(0));
			System::set_block_number(1);
			let o = RuntimeOrigin::signed;
			register_prover(P1, 2_000, Perbill::from_percent(10), 4);
			assert_ok!(Staking::delegate(o(D1), P1, 1_000));
			register_prover(P2, 3_000, Perbill::from_percent(10), 4);
			assert_ok!(Verifier::register_verifying_key(
				o(KEYS),
				ProofSystem::Groth16Bn254,
				provernet_circuits::known_key("chain-16x1").expect("a checked-in key")
			));
			assert_ok!(Verifier::register_verifying_key(
				o(KEYS),
				ProofSystem::Attested,
				b"attester".to_vec()
			));
			Toda::on_initialize(1);
			System::reset_events();
		});
		ext
	}

	/// Runs `test`, then checks every pallet's books, that total issuance changed only by what
	/// the story minted with [`fund`], and that every BREV is in an account.
	pub fn build_and_execute<R>(test: impl FnOnce() -> R) -> R {
		Self::build().execute_with(|| {
			let issuance = pallet_balances::TotalIssuance::<Test>::get();
			let out = test();
			check_books();
			assert_eq!(
				pallet_balances::TotalIssuance::<Test>::get(),
				issuance + MINTED.with(|m| m.get()),
				"issuance changed"
			);
			out
		})
	}
}

/// The named accounts, the treasury and the reward pot.
fn named() -> Vec<AccountId> {
	vec![P1, P2, P3, D1, D2, R1, R2, KEYS, TREASURY, pallet_prover_staking::Pallet::<Test>::pot()]
}

/// Every pallet's `try_state`, and "every BREV is in an account": the total issuance equals the
/// sum of every account's total balance (named and funded), so no path created or lost BREV.
pub fn check_books() {
	Escrow::do_try_state().expect("escrow books");
	Slashing::do_try_state().expect("slashing books");
	Staking::do_try_state().expect("staking books");
	Verifier::do_try_state().expect("verifier books");
	Toda::do_try_state().expect("auction books");
	let mut accounts = named();
	accounts.extend(FUNDED.with(|f| f.borrow().clone()));
	accounts.sort_unstable();
	accounts.dedup();
	let total: Balance = accounts.iter().map(|a| total_balance(*a)).sum();
	assert_eq!(total, pallet_balances::TotalIssuance::<Test>::get(), "every BREV is in an account");
	assert_eq!(
		frame_system::Account::<Test>::iter_keys().count(),
		accounts
			.iter()
			.filter(|a| frame_system::Account::<Test>::contains_key(**a))
			.count(),
		"no account outside the world's list holds BREV"
	);
}

/// Free plus held.
pub fn total_balance(who: AccountId) -> Balance {
	<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(&who)
}

/// Advances to block `n`, running the hooks in the runtime's order (auction, escrow, slashing).
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let b = System::block_number() + 1;
		System::set_block_number(b);
		Toda::on_initialize(b);
		Escrow::on_initialize(b);
		Slashing::on_initialize(b);
	}
}

/// A sealed ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ask {
	pub prover: AccountId,
	pub class: ClassId,
	pub unit_price: Balance,
	pub capacity: u32,
}

fn salt(prover: AccountId, class: ClassId) -> [u8; 32] {
	let mut s = [0u8; 32];
	s[..8].copy_from_slice(&prover.to_le_bytes());
	s[8..12].copy_from_slice(&class.to_le_bytes());
	s
}

/// The current round, through its windows: every ask committed (in order), revealed (in order),
/// the snapshot taken, then cleared by the round's mechanism exactly as the offchain worker does
/// (`toda::clear` of the stored snapshot, submitted as the authorized call). Returns the round and
/// the clearing.
pub fn clear_round(asks: &[Ask]) -> (u64, toda::Clearing) {
	use frame_support::traits::UnfilteredDispatchable;
	let round = pallet_toda::CurrentRound::<Test>::get();
	let info = pallet_toda::Rounds::<Test>::get(round).expect("the current round");
	for a in asks {
		let c = pallet_toda::commitment_of(
			round,
			a.class,
			&a.prover,
			a.unit_price,
			a.capacity,
			salt(a.prover, a.class),
		);
		assert_ok!(Toda::commit_ask(RuntimeOrigin::signed(a.prover), round, a.class, c));
	}
	run_to(info.commit_until);
	for a in asks {
		assert_ok!(Toda::reveal_ask(
			RuntimeOrigin::signed(a.prover),
			round,
			a.class,
			a.unit_price,
			a.capacity,
			salt(a.prover, a.class)
		));
	}
	run_to(info.reveal_until);
	let snapshot = pallet_toda::Snapshots::<Test>::get(round).expect("the snapshot");
	let clearing = pallet_toda::solve(&snapshot, info.mechanism).expect("the snapshot clears");
	let call =
		pallet_toda::Call::<Test>::submit_clearing_authorized { round, clearing: clearing.clone() };
	assert_ok!(call.dispatch_bypass_filter(frame_system::RawOrigin::Authorized.into()));
	(round, clearing)
}

/// The lot's assigned terms and prover.
pub fn assignment(lot: LotId) -> Option<(AccountId, TradeTerms<Balance>)> {
	match pallet_job_escrow::Lots::<Test>::get(lot)?.state {
		pallet_job_escrow::LotState::Assigned { prover, terms, .. } => Some((prover, terms)),
		_ => None,
	}
}

/// Posts a one-stage job `index` of `requester` in `key`'s class with size `w` and max fee `m`
/// (public inputs `inputs`), deadline 200 blocks ahead. Returns its lot.
pub fn post(
	requester: AccountId,
	index: u64,
	key: KeyId,
	w: u32,
	m: Balance,
	inputs: Option<Vec<u8>>,
) -> LotId {
	let stage = pallet_job_escrow::StageSpec {
		key,
		latency_tier: 0,
		stake_tier: 0,
		size: w,
		max_fee: m,
		deadline: None,
		deps: vec![],
		public_inputs: inputs,
	};
	assert_ok!(Escrow::submit_job(
		RuntimeOrigin::signed(requester),
		index,
		vec![stage],
		System::block_number() + 200,
		pallet_job_escrow::InputData::Inline(Default::default())
	));
	pallet_job_escrow::Jobs::<Test>::get(requester, index).expect("posted").lots[0]
}

/// The escrow's events so far.
pub fn escrow_events() -> Vec<pallet_job_escrow::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Escrow(e) => Some(e),
			_ => None,
		})
		.collect()
}
