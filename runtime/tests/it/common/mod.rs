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

/// The books after a test: every market pallet's `try_state`, total issuance unchanged, and
/// every BREV of it in an account (free or held).
pub fn check_books(issuance: provernet_runtime::Balance) {
	use provernet_runtime::*;
	ProverStaking::do_try_state().expect("staking books");
	ProofVerifier::do_try_state().expect("verifier books");
	JobEscrow::do_try_state().expect("escrow books");
	Slashing::do_try_state().expect("slashing books");
	Toda::do_try_state().expect("auction books");
	assert_eq!(
		<Balances as frame_support::traits::fungible::Inspect<_>>::total_issuance(),
		issuance,
		"issuance changed"
	);
	let in_accounts: Balance = frame_system::Account::<Runtime>::iter()
		.map(|(_, a)| a.data.free + a.data.reserved)
		.sum();
	assert_eq!(in_accounts, issuance, "every BREV is in an account");
}

/// Runs `test` in `ext` (at block 1), then checks the books.
pub fn with_books(mut ext: sp_io::TestExternalities, test: impl FnOnce()) {
	ext.execute_with(|| {
		provernet_runtime::System::set_block_number(1);
		let issuance = <provernet_runtime::Balances as frame_support::traits::fungible::Inspect<
			_,
		>>::total_issuance();
		test();
		check_books(issuance);
	});
}
