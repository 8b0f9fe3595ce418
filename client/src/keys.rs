//! Signing keys: from a secret URI (`//Alice`, a mnemonic with optional `//hard/soft///password`
//! derivation, or a `0x…` seed) or from a keystore file — a polkadot.js account export (encrypted
//! JSON, password required) or a Substrate node keystore file (a JSON string holding the secret
//! URI).

use anyhow::{bail, Context, Result};
use std::{path::Path, str::FromStr};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// Where the key comes from.
#[derive(Clone, Debug, Default)]
pub struct KeySource {
	/// A secret URI.
	pub suri: Option<String>,
	/// A keystore file.
	pub keystore: Option<std::path::PathBuf>,
	/// The keystore's password.
	pub password: Option<String>,
}

impl KeySource {
	/// The keypair, or an error that says what is missing.
	pub fn keypair(&self) -> Result<Keypair> {
		match (&self.suri, &self.keystore) {
			(Some(suri), None) => from_suri(suri),
			(None, Some(path)) => from_keystore(path, self.password.as_deref()),
			(Some(_), Some(_)) => bail!("give either --suri or --keystore, not both"),
			(None, None) => bail!(
				"this command signs a transaction: give --suri (e.g. //Alice, a mnemonic) or \
				 --keystore FILE (a polkadot.js account export), or set PROVERNET_SURI"
			),
		}
	}
}

/// A keypair from a secret URI.
pub fn from_suri(suri: &str) -> Result<Keypair> {
	let uri =
		SecretUri::from_str(suri.trim()).map_err(|e| anyhow::anyhow!("bad secret URI: {e}"))?;
	Keypair::from_uri(&uri).map_err(|e| anyhow::anyhow!("bad secret URI: {e}"))
}

/// A keypair from a keystore file.
pub fn from_keystore(path: &Path, password: Option<&str>) -> Result<Keypair> {
	let text = std::fs::read_to_string(path)
		.with_context(|| format!("cannot read keystore {}", path.display()))?;
	let json: serde_json::Value = serde_json::from_str(&text)
		.with_context(|| format!("keystore {} is not JSON", path.display()))?;
	match json {
		// Substrate's node keystore: the file holds the secret URI as a JSON string.
		serde_json::Value::String(suri) => from_suri(&suri),
		serde_json::Value::Object(_) => {
			let password = password.context(
				"this keystore is encrypted (polkadot.js export): give --password or set \
				 PROVERNET_PASSWORD",
			)?;
			subxt_signer::polkadot_js_compat::decrypt_json(&text, password)
				.map_err(|e| anyhow::anyhow!("cannot decrypt keystore {}: {e}", path.display()))
		},
		_ => bail!(
			"keystore {} is neither a polkadot.js export nor a node keystore file",
			path.display()
		),
	}
}

/// The SS58 address (prefix 42) of a keypair.
pub fn address(pair: &Keypair) -> subxt::utils::AccountId32 {
	pair.public_key().to_account_id()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dev_uris_and_node_keystore_files() {
		let alice = from_suri("//Alice").unwrap();
		assert_eq!(address(&alice).to_string(), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
		let dir = std::env::temp_dir().join(format!("provernet-keys-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let file = dir.join("node-key");
		std::fs::write(&file, "\"//Bob\"").unwrap();
		let bob = from_keystore(&file, None).unwrap();
		assert_eq!(address(&bob), address(&from_suri("//Bob").unwrap()));
		std::fs::write(&file, "[1,2]").unwrap();
		assert!(from_keystore(&file, None).is_err());
		assert!(from_suri("not a uri at all !!").is_err());
		assert!(KeySource::default().keypair().is_err());
	}
}
