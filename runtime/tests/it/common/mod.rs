//! Helpers the runtime test files share.

use frame_support::genesis_builder_helper::build_state;
use provernet_runtime::{genesis_config_presets::get_preset, RuntimeGenesisConfig};

/// Applies a JSON patch onto a value, as the node does with a preset over the default genesis.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (k, v) in patch {
				merge(base.entry(k).or_insert(serde_json::Value::Null), v);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// Externalities holding the genesis state of a preset (the preset patch over the default).
pub fn preset_ext(name: &str) -> sp_io::TestExternalities {
	let patch: serde_json::Value =
		serde_json::from_slice(&get_preset(&name.into()).expect("preset exists")).unwrap();
	let mut genesis = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut genesis, patch);
	let json = serde_json::to_vec(&genesis).unwrap();
	let mut ext = sp_io::TestExternalities::default();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(json).expect("preset builds a genesis state");
	});
	ext
}
