//! Chain specifications. The genesis itself lives in the runtime's presets; this file only names
//! them and adds the properties wallets read (BREV, 18 decimals).

use provernet_runtime::{currency::DECIMALS, WASM_BINARY};
use sc_service::ChainType;

/// A chain spec of this node (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// What polkadot.js and subxt show for amounts: `tokenSymbol`, `tokenDecimals`, `ss58Format`.
fn properties() -> sc_service::Properties {
	let mut props = sc_service::Properties::new();
	props.insert("tokenSymbol".into(), "BREV".into());
	props.insert("tokenDecimals".into(), DECIMALS.into());
	props.insert("ss58Format".into(), 42.into());
	props
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The runtime's wasm blob is missing: this node was built with SKIP_WASM_BUILD; rebuild \
		 without it."
			.to_string()
	})
}

/// `--dev`: Alice validates alone.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("ProverNet Development")
		.with_id("provernet_dev")
		.with_protocol_id("brev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain local`: Alice and Bob validate.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("ProverNet Local Testnet")
		.with_id("provernet_local")
		.with_protocol_id("brev")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}
