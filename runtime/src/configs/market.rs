//! The proof market: prover staking (more market pallets join here, indices 50–59).

use crate::{
	configs::TreasuryAccount, currency::BREV, time::DAYS, Balance, Balances, BlockNumber, Runtime,
	RuntimeHoldReason,
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
