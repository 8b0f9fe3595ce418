//! Genesis presets: `development` (Alice validates alone) and `local_testnet` (Alice and Bob).
//!
//! The node names these presets; the genesis itself lives here, in the runtime, so the checked-in
//! chain specs can be regenerated from it (`scripts/gen-chain-specs.sh`).

use crate::{
	configs::{StakingPalletId, TreasuryAccount},
	currency::{BREV, EXISTENTIAL_DEPOSIT},
	AccountId, Balance, BalancesConfig, JudgesConfig, MarketParamsConfig, RuntimeGenesisConfig,
	SudoConfig,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::AccountIdConversion;

/// What each prefunded development account starts with: one million BREV.
pub const DEV_ENDOWMENT: Balance = 1_000_000 * BREV;

fn testnet_genesis(
	initial_authorities: Vec<(AuraId, GrandpaId)>,
	endowed_accounts: Vec<AccountId>,
	root: Option<AccountId>,
	fast_tracks: bool,
) -> Value {
	let mut balances: Vec<(AccountId, Balance)> =
		endowed_accounts.iter().cloned().map(|k| (k, DEV_ENDOWMENT)).collect();
	// The treasury receives fees and slashes, the staking pot holds unclaimed rewards: both must
	// exist so that small amounts are never dropped.
	balances.push((TreasuryAccount::get(), EXISTENTIAL_DEPOSIT));
	balances.push((StakingPalletId::get().into_account_truncating(), EXISTENTIAL_DEPOSIT));
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		aura: pallet_aura::GenesisConfig {
			authorities: initial_authorities.iter().map(|x| x.0.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: initial_authorities.iter().map(|x| (x.1.clone(), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: root },
		// Two of the three judges rule disputes, cancel slashes and jail provers.
		judges: JudgesConfig {
			members: [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
				.map(|k| k.to_account_id())
				.to_vec(),
		},
		market_params: MarketParamsConfig { fast_tracks },
	})
}

/// Aura (sr25519) and GRANDPA (ed25519) keys of a well-known dev account.
fn authority_keys(who: Sr25519Keyring) -> (AuraId, GrandpaId) {
	use sp_keyring::Ed25519Keyring as Ed;
	let grandpa = match who {
		Sr25519Keyring::Alice => Ed::Alice,
		Sr25519Keyring::Bob => Ed::Bob,
		Sr25519Keyring::Charlie => Ed::Charlie,
		Sr25519Keyring::Dave => Ed::Dave,
		Sr25519Keyring::Eve => Ed::Eve,
		_ => Ed::Ferdie,
	};
	(who.public().into(), grandpa.public().into())
}

/// The `development` preset: Alice is the only validator and the sudo key (sudo exists for dev
/// chains only); the well-known dev accounts are prefunded; the referenda tracks run in minutes
/// (`FastTracks`), so a developer can watch a referendum pass.
pub fn development_config_genesis() -> Value {
	testnet_genesis(
		vec![authority_keys(Sr25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		true,
	)
}

/// The `local_testnet` preset: Alice and Bob validate; the well-known dev accounts are prefunded.
/// No sudo key: Root acts only through its referenda track; the tracks run in days, with real
/// support floors, as on a live chain.
pub fn local_config_genesis() -> Value {
	testnet_genesis(
		vec![authority_keys(Sr25519Keyring::Alice), authority_keys(Sr25519Keyring::Bob)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		None,
		false,
	)
}

/// Returns the JSON patch of the named preset, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
