//! Test runtime: System, Balances, the real prover staking and proof verifier pallets, and this
//! pallet. Proofs are real (demo circuits). Violations are recorded as reported ([`Violations`]):
//! what they cost is the slashing pallet's business, tested there and in the market test world
//! (`tests/market`).

use crate::{self as pallet_job_escrow, TierTable};
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
};
use pallet_prover_staking::Capability;
use provernet_circuits::Chain;
use provernet_primitives::{
	jobs::{class_id, LotId, SlashingHandler, ViolationKind},
	proofs::{KeyId, ProofSystem},
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
		Verifier: pallet_proof_verifier,
		Escrow: pallet_job_escrow,
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
	pub static MinSecurityBits: u32 = 100;
	pub static MarketFee: Perbill = Perbill::from_percent(1);
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
	type JailAfterSlashes = ConstU32<0>;
	type SlashWindow = ConstU64<100>;
	type OnSlash = frame_support::traits::tokens::imbalance::ResolveTo<TreasuryAccount, Balances>;
	type PalletId = StakingPalletId;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = ();
}

parameter_types! {
	pub OvercommitOne: FixedU128 = FixedU128::from_u32(1);
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
	type MinSecurityBits = MinSecurityBits;
	type AttestedSecurityBits = ConstU32<128>;
	type WeightInfo = ();
}

/// Latency tiers: 0 → 10 blocks, 1 → 50 blocks. Stake tiers: 0 → 120, 1 → 5_000.
pub struct Tiers;
impl TierTable<u64, Balance> for Tiers {
	fn proving_blocks(tier: u8) -> Option<u64> {
		[10, 50].get(tier as usize).copied()
	}
	fn stake(tier: u8) -> Option<Balance> {
		[120, 5_000].get(tier as usize).copied()
	}
}

impl crate::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Staking = Staking;
	type Verifier = Verifier;
	type Slashing = Violations;
	type Tiers = Tiers;
	type Treasury = TreasuryAccount;
	type MinFee = frame_support::traits::ConstU128<10>;
	type MaxSize = ConstU32<1_000>;
	type AuctionBlocks = ConstU64<5>;
	type MaxDeadlineBlocks = ConstU64<1_000>;
	type AcceptanceWindow = ConstU64<20>;
	type DisputeBond = DisputeBond;
	type RulingWindow = ConstU64<30>;
	type JudgeOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxStages = ConstU32<4>;
	type MaxDeps = ConstU32<2>;
	type MaxDepth = ConstU32<3>;
	type MaxInputsLen = ConstU32<1024>;
	type MaxDataLen = ConstU32<32>;
	type MaxTimersPerBlock = ConstU32<6>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Helper;
}

/// Provers and keys for the benchmarks, through the real staking and verifier pallets.
#[cfg(feature = "runtime-benchmarks")]
pub struct Helper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for Helper {
	fn prover(class: ClassId, delegators: u32) -> AccountId {
		use frame_support::traits::fungible::Mutate;
		let prover = 500;
		Balances::set_balance(&prover, 10_000_000);
		assert_ok!(Staking::register_prover(
			RuntimeOrigin::signed(prover),
			1_000_000,
			Perbill::from_percent(10),
			vec![Capability { class, capacity: 4 }],
			vec![]
		));
		for d in 0..u64::from(delegators) {
			Balances::set_balance(&(600 + d), 100_000);
			assert_ok!(Staking::delegate(RuntimeOrigin::signed(600 + d), prover, 10_000));
		}
		prover
	}
	fn max_delegators() -> u32 {
		4
	}
	fn groth16(n: u32) -> (KeyId, Vec<u8>, Vec<u8>) {
		let (vk, inputs, proof) = pallet_proof_verifier::fixture(n);
		let id = pallet_proof_verifier::key_id(ProofSystem::Groth16Bn254, &vk);
		if pallet_proof_verifier::Keys::<Test>::get(id).is_none() {
			assert_ok!(Verifier::register_verifying_key(
				RuntimeOrigin::signed(KEYS),
				ProofSystem::Groth16Bn254,
				vk
			));
		}
		(id, inputs, proof)
	}
	fn attested() -> KeyId {
		attested_key()
	}
}

parameter_types! {
	pub static DisputeBond: Balance = 50;
}

/// A violation as the escrow reported it: (prover, requester, lot, kind, stake).
pub type Violation = (AccountId, AccountId, LotId, ViolationKind, Balance);

/// The slashing handler of the tests: records what the escrow reports, slashes nothing.
pub struct Violations;

thread_local! {
	static REPORTED: core::cell::RefCell<Vec<Violation>> = const { core::cell::RefCell::new(Vec::new()) };
}

impl Violations {
	/// What was reported so far in this test.
	pub fn reported() -> Vec<Violation> {
		REPORTED.with(|r| r.borrow().clone())
	}
}

impl SlashingHandler<AccountId, Balance> for Violations {
	fn report_violation(
		prover: &AccountId,
		requester: &AccountId,
		lot: LotId,
		kind: ViolationKind,
		stake: Balance,
	) {
		REPORTED.with(|r| r.borrow_mut().push((*prover, *requester, lot, kind, stake)));
	}
	fn weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

/// Provers: P1 (self 2,000 + D1's 1,000), P2 (self 3,000, no delegators).
pub const P1: AccountId = 1;
pub const P2: AccountId = 2;
pub const D1: AccountId = 11;
/// Requesters.
pub const R1: AccountId = 21;
pub const R2: AccountId = 22;
/// Registers the verifying keys.
pub const KEYS: AccountId = 31;
pub const TREASURY: AccountId = 99;
pub const START: Balance = 100_000;

/// The Groth16 class with latency tier 0 and stake tier 0.
pub fn g16() -> ClassId {
	class_id(ProofSystem::Groth16Bn254, 0, 0)
}
/// The attested class, tiers 0 and 0.
pub fn attested() -> ClassId {
	class_id(ProofSystem::Attested, 0, 0)
}

pub const SHAPE: Chain = Chain { rounds: 16, inputs: 1 };

/// A real proof for the demo key: (public inputs, proof).
pub fn proof_for(secret: u64) -> (Vec<u8>, Vec<u8>) {
	thread_local! {
		static PK: provernet_circuits::DemoProvingKey = provernet_circuits::setup(SHAPE).0;
	}
	PK.with(|pk| provernet_circuits::prove(pk, SHAPE, provernet_circuits::secret(secret), secret))
}

/// The Groth16 key id and the attested key id, registered in every test.
pub fn groth_key() -> KeyId {
	pallet_proof_verifier::key_id(
		ProofSystem::Groth16Bn254,
		&provernet_circuits::known_key("chain-16x1").unwrap(),
	)
}
pub fn attested_key() -> KeyId {
	pallet_proof_verifier::key_id(ProofSystem::Attested, b"attester")
}

pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: [P1, P2, D1, R1, R2, KEYS]
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
			let caps = vec![
				Capability { class: g16(), capacity: 4 },
				Capability { class: attested(), capacity: 4 },
			];
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
			assert_ok!(Verifier::register_verifying_key(
				o(KEYS),
				ProofSystem::Groth16Bn254,
				provernet_circuits::known_key("chain-16x1").unwrap()
			));
			assert_ok!(Verifier::register_verifying_key(
				o(KEYS),
				ProofSystem::Attested,
				b"attester".to_vec()
			));
			System::reset_events();
		});
		ext
	}

	/// Runs `test`, then checks every pallet's books, that total issuance is unchanged and that
	/// every BREV is in an account.
	pub fn build_and_execute(test: impl FnOnce()) {
		REPORTED.with(|r| r.borrow_mut().clear());
		Self::build().execute_with(|| {
			let issuance = pallet_balances::TotalIssuance::<Test>::get();
			test();
			Escrow::do_try_state().expect("escrow books");
			Staking::do_try_state().expect("staking books");
			Verifier::do_try_state().expect("verifier books");
			assert_eq!(pallet_balances::TotalIssuance::<Test>::get(), issuance, "issuance changed");
			let total: Balance = [P1, P2, D1, R1, R2, KEYS, TREASURY, Staking::pot()]
				.iter()
				.map(|a| {
					<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(a)
				})
				.sum();
			assert_eq!(total, issuance, "every BREV is in an account");
		})
	}
}

/// Advances to block `n`, running the escrow's `on_initialize` for every block.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let b = System::block_number() + 1;
		System::set_block_number(b);
		Escrow::on_initialize(b);
	}
}

/// The events of this pallet so far.
pub fn escrow_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Escrow(e) => Some(e),
			_ => None,
		})
		.collect()
}
