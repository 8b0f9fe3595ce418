//! # ProverNet runtime
//!
//! The state-transition function of the ProverNet appchain: an open marketplace for
//! zero-knowledge proofs paid in BREV, the native token.
//!
//! This file is the table of contents: types, constants, the runtime version and the pallet list.
//! Each pallet's configuration lives in [`configs`], the runtime APIs in [`apis`] and the genesis
//! presets in [`genesis_config_presets`].

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`-style macros need a high recursion limit.
#![recursion_limit = "256"]
// The runtime macros (`#[frame_support::runtime]`, `impl_runtime_apis!`, the included wasm-binary
// constants) generate public items without docs; every hand-written item here is documented.
#![allow(missing_docs)]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_support::traits::Get;
pub use pallet_balances::Call as BalancesCall;
pub use sp_runtime::{Perbill, Permill};

/// Opaque types: the node knows blocks and headers, not the runtime's calls.
pub mod opaque {
	use super::*;
	use sp_runtime::{generic, traits::Hash as HashT};

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;

	impl_opaque_keys! {
		/// The session keys a validator holds: Aura for authoring, GRANDPA for finality.
		pub struct SessionKeys {
			/// Block authoring key.
			pub aura: super::Aura,
			/// Finality voting key.
			pub grandpa: super::Grandpa,
		}
	}
}

/// The runtime version. `spec_version` is bumped on every change of the state-transition logic.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("provernet"),
	impl_name: alloc::borrow::Cow::Borrowed("provernet"),
	authoring_version: 1,
	spec_version: 101,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// Time and blocks.
pub mod time {
	use super::BlockNumber;

	/// Target block time. Aura slots have the same length.
	pub const MILLI_SECS_PER_BLOCK: u64 = 3000;
	/// Slot duration, equal to the block time.
	pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
	/// Blocks per minute.
	pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
	/// Blocks per hour.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// Blocks per day.
	pub const DAYS: BlockNumber = HOURS * 24;
}

/// BREV amounts. BREV has 18 decimals, like the ERC-20 it mirrors.
pub mod currency {
	use super::Balance;

	/// Decimals of BREV; wallets read this from the chain properties.
	pub const DECIMALS: u8 = 18;
	/// One BREV in base units.
	pub const BREV: Balance = 10u128.pow(DECIMALS as u32);
	/// 10⁻³ BREV.
	pub const MILLI_BREV: Balance = BREV / 1_000;
	/// 10⁻⁶ BREV.
	pub const MICRO_BREV: Balance = MILLI_BREV / 1_000;
	/// The smallest balance an account may hold; below it the account is reaped.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_BREV;
}

/// An index to a block.
pub type BlockNumber = u32;
/// Signature type of extrinsics.
pub type Signature = MultiSignature;
/// An account id: the public key behind the signature, as 32 bytes.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// A balance in BREV base units (10⁻¹⁸ BREV).
pub type Balance = u128;
/// Transaction nonce.
pub type Nonce = u32;
/// A block hash.
pub type Hash = sp_core::H256;
/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block signed with a justification.
pub type SignedBlock = generic::SignedBlock<Block>;
/// Block id.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions, checked in this order on every signed transaction.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	// The signed fallback clearing is validated where the pool validates (market review M1).
	pallet_toda::CheckFallbackClearing<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run on the next runtime upgrade.
#[allow(unused_parens)]
type Migrations = ();

/// Executive: dispatches calls to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// System: 0–9.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	// Money: 10–19. BREV is the native token held by `Balances`.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;

	// Governance: 20–39. Sudo bootstraps dev chains; BREV holders govern the market through
	// OpenGov (referenda with conviction voting) and range-checked dynamic parameters.
	#[runtime::pallet_index(20)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(30)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(31)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(32)]
	pub type Referenda = pallet_referenda;
	#[runtime::pallet_index(33)]
	pub type ConvictionVoting = pallet_conviction_voting;
	#[runtime::pallet_index(34)]
	pub type Parameters = pallet_parameters;
	#[runtime::pallet_index(35)]
	pub type MarketParams = pallet_market_params;
	#[runtime::pallet_index(36)]
	pub type Judges = pallet_collective<Instance1>;

	// Market: 50–59 (the auction joins as it lands).
	#[runtime::pallet_index(50)]
	pub type ProverStaking = pallet_prover_staking;

	#[runtime::pallet_index(51)]
	pub type ProofVerifier = pallet_proof_verifier;

	#[runtime::pallet_index(52)]
	pub type JobEscrow = pallet_job_escrow;

	#[runtime::pallet_index(53)]
	pub type Slashing = pallet_slashing;

	#[runtime::pallet_index(54)]
	pub type Toda = pallet_toda;
}
