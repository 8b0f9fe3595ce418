//! Test runtime: System, Balances, the real prover staking pallet and this pallet. Violations are
//! reported the way the job escrow reports them, through [`SlashingHandler::report_violation`];
//! the escrow itself, disputes and the whole market live in the market test world
//! (`tests/market`).

use crate as pallet_slashing;
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
};
use pallet_prover_staking::Capability;
use provernet_primitives::{
	jobs::{class_id, LotId, SlashingHandler, ViolationKind},
	proofs::ProofSystem,
	ClassId,
};
use sp_runtime::{BuildStorage, FixedU128, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Staking: pallet_prover_staking,
		Slashing: pallet_slashing,
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
}

frame_support::parameter_types! {
	pub const MaxCommissionStep: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(10);
}

impl pallet_prover_staking::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinSelfStake = frame_support::traits::ConstU128<1_000>;
	type UnbondingDelay = ConstU64<10>;
	type OvercommitFactor = OvercommitOne;
	type MinDelegation = frame_support::traits::ConstU128<1>;
	type MaxCommissionStep = MaxCommissionStep;
	type MaxDelegators = ConstU32<4>;
	type MaxUnbondingChunks = ConstU32<2>;
	type MaxClasses = ConstU32<4>;
	type MaxMetadataLen = ConstU32<32>;
	type JailAfterSlashes = ConstU32<2>;
	type SlashWindow = ConstU64<100>;
	type OnSlash = frame_support::traits::tokens::imbalance::ResolveTo<TreasuryAccount, Balances>;
	type PalletId = StakingPalletId;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = ();
}

parameter_types! {
	pub OvercommitOne: FixedU128 = FixedU128::from_u32(1);
	pub const MissedSlash: Perbill = Perbill::from_percent(50);
	pub const RequesterShare: Perbill = Perbill::from_percent(50);
	pub static DeferralWindow: u64 = 10;
}

impl crate::Config for Test {
	type Staking = Staking;
	type Balance = Balance;
	type DeferralWindow = DeferralWindow;
	type SlashFraction = MissedSlash;
	type RequesterShare = RequesterShare;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxSlashesPerBlock = ConstU32<4>;
	type MaxReasonLen = ConstU32<32>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SlashingHelper;
}

/// Provers: P1 (self 2,000 + D1's 1,000), P2 (self 3,000, no delegators).
pub const P1: AccountId = 1;
pub const P2: AccountId = 2;
pub const D1: AccountId = 11;
/// Requesters.
pub const R1: AccountId = 21;
pub const R2: AccountId = 22;
pub const TREASURY: AccountId = 99;
pub const START: Balance = 100_000;
/// The stake tier of the lots in these tests.
pub const TIER: Balance = 120;

/// The class the provers serve.
pub fn g16() -> ClassId {
	class_id(ProofSystem::Groth16Bn254, 0, 0)
}

/// Reports a violation of `lot` (stake tier [`TIER`], requester R1) the way the escrow does.
pub fn report(prover: AccountId, lot: LotId, kind: ViolationKind) {
	<Slashing as SlashingHandler<_, _>>::report_violation(&prover, &R1, lot, kind, TIER);
}

pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: [P1, P2, D1, R1, R2]
				.iter()
				.map(|&a| (a, START))
				.chain([(TREASURY, 1), (pallet_prover_staking::Pallet::<Test>::pot(), 1)])
				.collect(),
			..Default::default()
		}
		.assimilate_storage(&mut t)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| {
			System::set_block_number(1);
			let o = RuntimeOrigin::signed;
			let caps = vec![Capability { class: g16(), capacity: 4 }];
			assert_ok!(Staking::register_prover(
				o(P1),
				2_000,
				Perbill::from_percent(10),
				caps.clone(),
				vec![]
			));
			assert_ok!(Staking::delegate(o(D1), P1, 1_000));
			assert_ok!(Staking::register_prover(
				o(P2),
				3_000,
				Perbill::from_percent(10),
				caps,
				vec![]
			));
			System::reset_events();
		});
		ext
	}

	/// Runs `test`, then checks every pallet's books, that total issuance is unchanged and that
	/// every BREV is in an account.
	pub fn build_and_execute(test: impl FnOnce()) {
		Self::build().execute_with(|| {
			let issuance = pallet_balances::TotalIssuance::<Test>::get();
			test();
			Slashing::do_try_state().expect("slashing books");
			Staking::do_try_state().expect("staking books");
			assert_eq!(pallet_balances::TotalIssuance::<Test>::get(), issuance, "issuance changed");
			let total: Balance = [P1, P2, D1, R1, R2, TREASURY, Staking::pot()]
				.iter()
				.map(|a| {
					<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(a)
				})
				.sum();
			assert_eq!(total, issuance, "every BREV is in an account");
		})
	}
}

/// Advances to block `n`, running this pallet's `on_initialize` for every block.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let b = System::block_number() + 1;
		System::set_block_number(b);
		Slashing::on_initialize(b);
	}
}

/// This pallet's events so far.
pub fn slashing_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Slashing(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// Provers for this pallet's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct SlashingHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId, Balance> for SlashingHelper {
	fn prover_and_requester() -> (AccountId, AccountId, Balance) {
		(P1, R1, TIER)
	}
}
