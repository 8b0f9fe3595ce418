//! The proof market: prover staking, the proof verifier (more market pallets join here, indices
//! 50–59).

use crate::{
	configs::TreasuryAccount,
	currency::{BREV, MILLI_BREV},
	time::DAYS,
	Balance, Balances, BlockNumber, Runtime, RuntimeHoldReason,
};
use frame_support::{
	parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstU32},
	PalletId,
};
use sp_runtime::FixedU128;

parameter_types! {
	/// Least self-stake of a prover (the live market uses 1,000 BREV).
	pub const MinSelfStake: Balance = 1_000 * BREV;
	/// Unbonding stake stays held and slashable for 7 days.
	pub const UnbondingDelay: BlockNumber = 7 * DAYS;
	/// Obligations × 1.05 must stay within a prover's stake.
	pub OvercommitFactor: FixedU128 = FixedU128::from_rational(105, 100);
	/// Three slashes within a day jail a prover.
	pub const JailAfterSlashes: u32 = 3;
	/// The jailing window.
	pub const SlashWindow: BlockNumber = DAYS;
	/// The reward pot's id.
	pub const StakingPalletId: PalletId = PalletId(*b"py/prvst");
}

impl pallet_prover_staking::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinSelfStake = MinSelfStake;
	type UnbondingDelay = UnbondingDelay;
	type OvercommitFactor = OvercommitFactor;
	type MaxDelegators = ConstU32<256>;
	type MaxUnbondingChunks = ConstU32<16>;
	type MaxClasses = ConstU32<32>;
	type MaxMetadataLen = ConstU32<256>;
	type JailAfterSlashes = JailAfterSlashes;
	type SlashWindow = SlashWindow;
	type OnSlash = ResolveTo<TreasuryAccount, Balances>;
	type PalletId = StakingPalletId;
	// Governance (OpenGov) replaces Root with its issue.
	type GovernanceOrigin = frame_system::EnsureRoot<crate::AccountId>;
	// Storage-access estimates until the generated weights land (weights issue).
	type WeightInfo = pallet_prover_staking::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A verifying key's deposit: 0.1 BREV plus 1 mBREV per byte (a 2-input Groth16 key, 328
	/// bytes, holds 0.428 BREV).
	pub const KeyDepositBase: Balance = 100 * MILLI_BREV;
	pub const KeyDepositPerByte: Balance = MILLI_BREV;
	/// Governed (dynamic parameters with the governance issue): largest proof a new job may use.
	pub const MaxProofSize: u32 = 4096;
	/// Governed: least security a new job's key must have. BN254's ≈100 bits pass.
	pub const MinSecurityBits: u32 = 100;
}

impl pallet_proof_verifier::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Pairings run natively in the node (`provernet_zk::host`); `provernet-node` registers it.
	type Groth16 = provernet_zk::Host;
	type KeyDepositBase = KeyDepositBase;
	type KeyDepositPerByte = KeyDepositPerByte;
	type MaxKeyLen = ConstU32<{ provernet_zk::vk_len(provernet_zk::MAX_PUBLIC_INPUTS) as u32 }>;
	type MaxPublicInputs = ConstU32<{ provernet_zk::MAX_PUBLIC_INPUTS }>;
	type MaxProofSize = MaxProofSize;
	type MinSecurityBits = MinSecurityBits;
	type AttestedSecurityBits = ConstU32<128>;
	type WeightInfo = pallet_proof_verifier::weights::SubstrateWeight<Runtime>;
}
