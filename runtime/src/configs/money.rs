//! BREV: balances (with holds and freezes), transaction fees, and Sudo.

use crate::{
	currency::{EXISTENTIAL_DEPOSIT, MICRO_BREV},
	AccountId, Balance, Balances, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason,
	RuntimeHoldReason,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstU128, ConstU32, ConstU8, VariantCountOf},
	weights::ConstantMultiplier,
	PalletId,
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_runtime::{traits::AccountIdConversion, FixedPointNumber, Perquintill};

parameter_types! {
	/// The market treasury's pallet id; its account receives fees until `pallet-treasury` lands.
	pub const TreasuryPalletId: PalletId = PalletId(*b"py/trsry");
	/// The treasury account: transaction fees (and later market fees and slashes) go here, so
	/// fees move BREV rather than burn it.
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
	/// Fee per byte of an extrinsic: 10 µBREV.
	pub const TransactionByteFee: Balance = 10 * MICRO_BREV;
	/// Block fullness the fee multiplier aims for.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the fee multiplier reacts to full blocks.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(3, 100_000);
	/// The fee multiplier never falls under 1: fees never drop below their base.
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_integer(1);
	/// And never rises past 100 000×.
	pub MaximumMultiplier: Multiplier = Multiplier::saturating_from_integer(100_000);
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Runtime {
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = frame_system::Pallet<Runtime>;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

/// Fee per picosecond of reference compute, in base units. A balance transfer (≈ 0.2 ms with its
/// base extrinsic weight) costs about 0.01 BREV of weight fee.
pub const WEIGHT_FEE_PER_PICOSECOND: Balance = 50_000_000;

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ResolveTo<TreasuryAccount, Balances>>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = ConstantMultiplier<Balance, ConstU128<WEIGHT_FEE_PER_PICOSECOND>>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
