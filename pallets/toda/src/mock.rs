//! Test runtime: System, Balances and this pallet, with `MockStaking` and an in-memory job market.

use crate as pallet_toda;
use frame_support::{derive_impl, parameter_types, traits::ConstU32, traits::Hooks};
use provernet_primitives::{
	jobs::{AssignError, JobMarket, LotId, OpenLot, TradeTerms},
	mock::{MockProver, MockStaking},
	ClassId,
};
use sp_runtime::{BuildStorage, DispatchError, Perbill, Weight};
use std::cell::RefCell;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
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

thread_local! {
	static LOTS: RefCell<Vec<OpenLot<Balance>>> = const { RefCell::new(Vec::new()) };
	static ASSIGNED: RefCell<Vec<(LotId, AccountId, TradeTerms<Balance>)>> = const { RefCell::new(Vec::new()) };
	static REFUSE: RefCell<Vec<LotId>> = const { RefCell::new(Vec::new()) };
	static BOUND: RefCell<std::collections::BTreeMap<LotId, u64>> = const { RefCell::new(std::collections::BTreeMap::new()) };
}

/// Open lots the mock market offers.
pub struct MockMarket;
impl MockMarket {
	pub fn add(lot: OpenLot<Balance>) {
		LOTS.with(|l| l.borrow_mut().push(lot));
	}
	/// Assignments made: (lot, prover, unit price).
	pub fn assigned() -> Vec<(LotId, AccountId, TradeTerms<Balance>)> {
		ASSIGNED.with(|a| a.borrow().clone())
	}
	/// Makes `assign` fail for `lot` (for the lot's reasons).
	pub fn refuse(lot: LotId) {
		REFUSE.with(|r| r.borrow_mut().push(lot));
	}
	/// The open lots.
	pub fn open() -> Vec<OpenLot<Balance>> {
		LOTS.with(|l| l.borrow().clone())
	}
	/// Lots bound to rounds: lot → until.
	pub fn bound() -> Vec<(LotId, u64)> {
		BOUND.with(|b| b.borrow().iter().map(|(l, u)| (*l, *u)).collect())
	}
}
impl JobMarket<AccountId, Balance, u64> for MockMarket {
	fn snapshot_lots(
		class: ClassId,
		max: u32,
		_: u64,
		bound_until: u64,
	) -> (Vec<OpenLot<Balance>>, u32) {
		let bound = Self::bound();
		let taken: Vec<OpenLot<Balance>> = LOTS.with(|l| {
			l.borrow()
				.iter()
				.filter(|x| x.class == class && !bound.iter().any(|(b, _)| *b == x.id))
				.take(max as usize)
				.cloned()
				.collect()
		});
		BOUND.with(|b| {
			let mut b = b.borrow_mut();
			for lot in &taken {
				b.insert(lot.id, bound_until);
			}
		});
		let read = taken.len() as u32;
		(taken, read)
	}
	fn unbind(lot: LotId, bound_until: u64) {
		BOUND.with(|b| {
			let mut b = b.borrow_mut();
			if b.get(&lot) == Some(&bound_until) {
				b.remove(&lot);
			}
		});
	}
	fn class_stake(class: ClassId) -> Option<Balance> {
		[CLASS, OTHER].contains(&class).then_some(LOT_STAKE)
	}
	fn assign(
		lot: LotId,
		prover: &AccountId,
		terms: TradeTerms<Balance>,
	) -> Result<(), AssignError> {
		use provernet_primitives::{Prover, ProverStaking};
		let Some(open) = LOTS.with(|l| l.borrow().iter().find(|x| x.id == lot).cloned()) else {
			return Err(AssignError::Lot(DispatchError::Other("mock: not open")));
		};
		if REFUSE.with(|r| r.borrow().contains(&lot)) {
			return Err(AssignError::Lot(DispatchError::Other("refused")));
		}
		let p = Prover(*prover);
		if !MockStaking::is_active(&p) || !MockStaking::serves(&p, open.class) {
			return Err(AssignError::Prover(DispatchError::Other("mock: not eligible")));
		}
		MockStaking::lock_obligation(&p, open.stake).map_err(AssignError::Prover)?;
		LOTS.with(|l| l.borrow_mut().retain(|x| x.id != lot));
		BOUND.with(|b| b.borrow_mut().remove(&lot));
		ASSIGNED.with(|a| a.borrow_mut().push((lot, *prover, terms)));
		Ok(())
	}
	fn is_servable(_: LotId) -> bool {
		true
	}
	fn assign_weight() -> Weight {
		Weight::zero()
	}
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

parameter_types! {
	pub const TreasuryAccount: AccountId = TREASURY;
	pub const Fee: Perbill = Perbill::from_percent(1);
}

parameter_types! {
	/// The mechanism in force (McAfee unless a test sets another).
	pub static MockMechanism: toda::Mechanism = toda::Mechanism::McAfee;
	/// The mock's fee per millisecond of weight (0 unless a test sets it).
	pub static FeePerMs: Balance = 0;
}

/// Fees of `FeePerMs` per millisecond of reference time.
pub struct MsFee;
impl frame_support::weights::WeightToFee for MsFee {
	type Balance = Balance;
	fn weight_to_fee(weight: &Weight) -> Balance {
		Balance::from(weight.ref_time() / 1_000_000_000) * FeePerMs::get()
	}
}

impl crate::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Staking = MockStaking;
	type Market = MockMarket;
	type CommitBlocks = frame_support::traits::ConstU64<10>;
	type RevealBlocks = frame_support::traits::ConstU64<5>;
	type ClearingBlocks = frame_support::traits::ConstU64<5>;
	type Mechanism = MockMechanism;
	type MarketFee = Fee;
	type BidBond = frame_support::traits::ConstU128<BOND>;
	type Treasury = TreasuryAccount;
	type FallbackReward = frame_support::traits::ConstU128<REWARD>;
	type WeightToFee = MsFee;
	type HistoryLen = ConstU32<8>;
	type MaxAsksPerClass = ConstU32<3>;
	type MaxClassesPerRound = ConstU32<2>;
	type MaxLotsPerClass = ConstU32<10>;
	type MaxLotsPerRound = ConstU32<16>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Helper;
}

/// Provers and lots for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct Helper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId, Balance> for Helper {
	fn class() -> ClassId {
		CLASS
	}
	fn prover(i: u32) -> AccountId {
		use frame_support::traits::fungible::Mutate;
		let who = 1_000 + u64::from(i);
		let _ = Balances::set_balance(&who, START);
		MockStaking::set(
			who,
			MockProver {
				active: true,
				classes: vec![(CLASS, 10)],
				stake: 10_000,
				..Default::default()
			},
		);
		who
	}
	fn strong_prover(i: u32) -> AccountId {
		let who = Self::prover(500 + i);
		MockStaking::set(
			who,
			MockProver {
				active: true,
				classes: vec![(CLASS, 10)],
				stake: 20_000,
				..Default::default()
			},
		);
		who
	}
	fn open_lots(n: u32) {
		// The benchmark harness resets storage between runs, not this thread-local market.
		LOTS.with(|l| l.borrow_mut().retain(|x| x.id < 10_000));
		for i in 0..n {
			MockMarket::add(OpenLot {
				id: 10_000 + u64::from(i),
				class: CLASS,
				size: 1 + i % 7,
				max_fee: 1_000 + u128::from(i) * 13,
				stake: 1,
			});
		}
	}
}

pub const P1: AccountId = 1;
pub const P2: AccountId = 2;
pub const P3: AccountId = 3;
pub const P4: AccountId = 4;
pub const POOR: AccountId = 5;
pub const TREASURY: AccountId = 99;
pub const BOND: Balance = 50;
pub const REWARD: Balance = 5;
pub const START: Balance = 10_000;
pub const CLASS: ClassId = 7;
/// Another class that exists (9 does not).
pub const OTHER: ClassId = 8;
/// The obligation of one lot of `CLASS` or `OTHER`.
pub const LOT_STAKE: Balance = 100;

pub struct ExtBuilder;

impl ExtBuilder {
	/// Externalities for the benchmark tests (round 0 open at block 1).
	#[cfg(feature = "runtime-benchmarks")]
	pub fn build() -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: vec![(TREASURY, 1_000)],
			..Default::default()
		}
		.assimilate_storage(&mut t)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| {
			MockStaking::reset();
			LOTS.with(|l| l.borrow_mut().clear());
			System::set_block_number(1);
			Toda::on_initialize(1);
		});
		ext
	}

	pub fn build_and_execute(test: impl FnOnce()) {
		Self::build_and_execute_offchain(|_| test())
	}

	/// As `build_and_execute`, with offchain-worker externalities and a transaction pool whose
	/// state the test gets.
	pub fn build_and_execute_offchain(
		test: impl FnOnce(std::sync::Arc<parking_lot::RwLock<sp_core::offchain::testing::PoolState>>),
	) {
		use sp_core::offchain::{
			testing::{TestOffchainExt, TestTransactionPoolExt},
			OffchainDbExt, OffchainWorkerExt, TransactionPoolExt,
		};
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: [P1, P2, P3, P4]
				.iter()
				.map(|&a| (a, START))
				.chain([(TREASURY, 1_000), (POOR, 10)])
				.collect(),
			..Default::default()
		}
		.assimilate_storage(&mut t)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		let (offchain, _) = TestOffchainExt::new();
		let (pool, pool_state) = TestTransactionPoolExt::new();
		ext.register_extension(OffchainDbExt::new(offchain.clone()));
		ext.register_extension(OffchainWorkerExt::new(offchain));
		ext.register_extension(TransactionPoolExt::new(pool));
		ext.execute_with(|| {
			MockStaking::reset();
			LOTS.with(|l| l.borrow_mut().clear());
			ASSIGNED.with(|a| a.borrow_mut().clear());
			REFUSE.with(|r| r.borrow_mut().clear());
			BOUND.with(|b| b.borrow_mut().clear());
			for p in [P1, P2, P3, P4, POOR] {
				MockStaking::set(
					p,
					MockProver {
						active: p != P4,
						classes: vec![(CLASS, 3)],
						stake: 10_000,
						..Default::default()
					},
				);
			}
			System::set_block_number(1);
			Toda::on_initialize(1);
			let issuance = pallet_balances::TotalIssuance::<Test>::get();
			test(pool_state);
			Toda::do_try_state().expect("bond books");
			assert_eq!(pallet_balances::TotalIssuance::<Test>::get(), issuance, "issuance changed");
		});
	}
}

pub fn run_to(n: u64) {
	while System::block_number() < n {
		let b = System::block_number() + 1;
		System::set_block_number(b);
		Toda::on_initialize(b);
	}
}

pub fn toda_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Toda(e) => Some(e),
			_ => None,
		})
		.collect()
}
