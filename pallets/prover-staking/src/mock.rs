//! Test runtime: System, Balances (with holds and freezes) and this pallet.

use crate::{self as pallet_prover_staking, Capability};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use sp_runtime::{BuildStorage, FixedU128};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Staking: pallet_prover_staking,
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
	pub static MinSelfStake: Balance = 1_000;
	pub static Overcommit: FixedU128 = FixedU128::from_rational(105, 100);
	pub static MinDelegation: Balance = 1;
	/// R1's genesis balance (a test that pays huge rewards raises it).
	pub static R1Start: Balance = START;
	pub const MaxCommissionStep: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(10);
}

impl crate::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinSelfStake = MinSelfStake;
	type UnbondingDelay = ConstU64<10>;
	type OvercommitFactor = Overcommit;
	type MinDelegation = MinDelegation;
	type MaxCommissionStep = MaxCommissionStep;
	type MaxDelegators = ConstU32<3>;
	type MaxUnbondingChunks = ConstU32<2>;
	type MaxClasses = ConstU32<4>;
	type MaxMetadataLen = ConstU32<32>;
	type JailAfterSlashes = ConstU32<3>;
	type SlashWindow = ConstU64<100>;
	type OnSlash = frame_support::traits::tokens::imbalance::ResolveTo<TreasuryAccount, Balances>;
	type PalletId = StakingPalletId;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = ();
}

/// Prover accounts.
pub const P1: AccountId = 1;
pub const P2: AccountId = 2;
/// Delegators.
pub const D1: AccountId = 11;
pub const D2: AccountId = 12;
pub const D3: AccountId = 13;
pub const D4: AccountId = 14;
pub const D5: AccountId = 15;
pub const D6: AccountId = 16;
pub const D7: AccountId = 17;
/// Receives slashes.
pub const TREASURY: AccountId = 99;
/// A requester (slash beneficiary, reward payer).
pub const R1: AccountId = 21;
/// What every account starts with.
pub const START: Balance = 100_000;

/// Two classes with capacities, as most tests register them.
pub fn caps() -> Vec<Capability> {
	vec![Capability { class: 1, capacity: 4 }, Capability { class: 7, capacity: 2 }]
}

pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: [P1, P2, D1, D2, D3, D4, D5, D6, D7, R1]
				.iter()
				.map(|&a| (a, if a == R1 { R1Start::get() } else { START }))
				.chain([(TREASURY, 1), (Staking::pot(), 1)])
				.collect(),
			..Default::default()
		}
		.assimilate_storage(&mut t)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks the pallet's invariants and that no BREV was created or lost.
	pub fn build_and_execute(test: impl FnOnce()) {
		Self::build().execute_with(|| {
			let issuance = pallet_balances::TotalIssuance::<Test>::get();
			test();
			Staking::do_try_state().expect("try_state holds after the test");
			assert_eq!(pallet_balances::TotalIssuance::<Test>::get(), issuance, "issuance changed");
			let total: Balance = [P1, P2, D1, D2, D3, D4, D5, D6, D7, R1, TREASURY, Staking::pot()]
				.iter()
				.map(|a| {
					<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(a)
				})
				.sum();
			assert_eq!(total, issuance, "every BREV is in an account");
		})
	}
}

/// The events of this pallet so far.
pub fn staking_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Staking(e) => Some(e),
			_ => None,
		})
		.collect()
}

pub fn run_to(n: u64) {
	System::set_block_number(n);
}
