//! Test runtime: System, Balances (with holds) and this pallet, verifying through the host
//! function's native path (`provernet_zk::Host`), which the tests cross-check with `Pure`.

use crate as pallet_proof_verifier;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use provernet_circuits::Chain;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Verifier: pallet_proof_verifier,
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
	pub static MaxProofSize: u32 = 1024;
	pub static MinSecurityBits: u32 = 100;
}

/// Deposit per key and per byte.
pub const BASE: Balance = 100;
pub const PER_BYTE: Balance = 1;

impl crate::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Groth16 = provernet_zk::Host;
	type KeyDepositBase = frame_support::traits::ConstU128<BASE>;
	type KeyDepositPerByte = frame_support::traits::ConstU128<PER_BYTE>;
	type MaxKeyLen =
		ConstU32<{ provernet_zk::max_key_len(provernet_zk::MAX_PUBLIC_INPUTS) as u32 }>;
	type MaxPublicInputs = ConstU32<{ provernet_zk::MAX_PUBLIC_INPUTS }>;
	type MaxProofSize = MaxProofSize;
	type MinSecurityBits = MinSecurityBits;
	type AttestedSecurityBits = ConstU32<128>;
	type WeightInfo = ();
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
/// Has less than a key's deposit.
pub const POOR: AccountId = 3;
pub const START: Balance = 100_000;

/// A real proof of a demo circuit: key bytes, public inputs, proof.
pub struct Fixture {
	pub vk: Vec<u8>,
	pub inputs: Vec<u8>,
	pub proof: Vec<u8>,
	pub shape: Chain,
}

/// Proves `secret` for `shape` with its deterministic demo keys.
pub fn fixture(shape: Chain, secret: u64) -> Fixture {
	let (pk, vk) = provernet_circuits::setup(shape);
	let (inputs, proof) =
		provernet_circuits::prove(&pk, shape, provernet_circuits::secret(secret), secret);
	Fixture { vk: provernet_circuits::encode_vk(&vk), inputs, proof, shape }
}

pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: vec![(ALICE, START), (BOB, START), (POOR, 150)],
			..Default::default()
		}
		.assimilate_storage(&mut t)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks the pallet's books and that no BREV was created or lost.
	pub fn build_and_execute(test: impl FnOnce()) {
		Self::build().execute_with(|| {
			let issuance = pallet_balances::TotalIssuance::<Test>::get();
			test();
			Verifier::do_try_state().expect("try_state holds after the test");
			assert_eq!(pallet_balances::TotalIssuance::<Test>::get(), issuance, "issuance changed");
			let total: Balance = [ALICE, BOB, POOR]
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
pub fn verifier_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Verifier(e) => Some(e),
			_ => None,
		})
		.collect()
}
