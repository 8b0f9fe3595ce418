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

/// A signed origin of a keyring account.
pub fn signed(k: sp_keyring::Sr25519Keyring) -> provernet_runtime::RuntimeOrigin {
	provernet_runtime::RuntimeOrigin::signed(k.to_account_id())
}

/// Steps blocks up to `n`, running the scheduler (which carries referenda and their enactments).
pub fn run_to(n: u32) {
	use frame_support::traits::Hooks;
	use provernet_runtime::{Scheduler, System};
	while System::block_number() < n {
		let b = System::block_number() + 1;
		System::set_block_number(b);
		Scheduler::on_initialize(b);
	}
}

/// The governance call that sets the market fee.
pub fn set_fee(fee: sp_runtime::Perbill) -> provernet_runtime::RuntimeCall {
	use provernet_runtime::configs::governance::{dynamic_params::market, RuntimeParameters};
	provernet_runtime::RuntimeCall::MarketParams(pallet_market_params::Call::set {
		parameters: RuntimeParameters::Market(market::Parameters::MarketFee(
			market::MarketFee,
			Some(fee),
		)),
	})
}

/// Alice submits `call` on the market-parameters track and places the decision deposit; returns
/// the referendum's index.
pub fn propose(call: provernet_runtime::RuntimeCall) -> u32 {
	use frame_support::{
		assert_ok,
		traits::{schedule::DispatchTime, StorePreimage},
	};
	use provernet_runtime::{OriginCaller, Preimage, Referenda, Runtime};
	let alice = sp_keyring::Sr25519Keyring::Alice;
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	assert_ok!(Referenda::submit(
		signed(alice),
		Box::new(OriginCaller::MarketParams(pallet_market_params::Origin::MarketParams)),
		<Preimage as StorePreimage>::bound(call).unwrap(),
		DispatchTime::After(1)
	));
	assert_ok!(Referenda::place_decision_deposit(signed(alice), index));
	index
}

/// `who` votes aye on referendum `index` with `balance` at `conviction`.
pub fn aye(
	who: sp_keyring::Sr25519Keyring,
	index: u32,
	balance: provernet_runtime::Balance,
	conviction: pallet_conviction_voting::Conviction,
) {
	use pallet_conviction_voting::{AccountVote, Vote};
	frame_support::assert_ok!(provernet_runtime::ConvictionVoting::vote(
		signed(who),
		index,
		AccountVote::Standard { vote: Vote { aye: true, conviction }, balance }
	));
}
