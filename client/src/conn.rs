//! A connection to a ProverNet node: the subxt client, the legacy RPC methods wallets use
//! (`system_accountNextIndex`), and transaction submission with explicit nonces so one account
//! can have several transactions in flight.

use crate::errors;
use anyhow::{Context, Result};
use std::sync::Arc;
use subxt::{
	config::{DefaultExtrinsicParamsBuilder, RpcConfigFor},
	rpcs::{LegacyRpcMethods, RpcClient},
	transactions::{Payload, TransactionStatus},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;
use tokio::sync::Mutex;

/// The chain's configuration as subxt sees it (AccountId32, MultiAddress, sr25519, BREV u128).
pub type Config = PolkadotConfig;
/// The events of one extrinsic.
pub type Events = subxt::extrinsics::ExtrinsicEvents<Config>;

/// How long to wait for a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
	/// Until it is in a best block (agents: a few seconds).
	InBlock,
	/// Until it is in a finalized block (the CLI: certain).
	Finalized,
}

/// A connection.
#[derive(Clone)]
pub struct Conn {
	/// The subxt client.
	pub api: OnlineClient<Config>,
	/// Legacy RPC methods.
	pub rpc: LegacyRpcMethods<RpcConfigFor<Config>>,
	/// The node's URL.
	pub url: String,
	nonce: Arc<Mutex<Option<u64>>>,
}

impl Conn {
	/// Connects to `url` (`ws://…` or `wss://…`; plain ws is allowed for local nodes).
	pub async fn connect(url: &str) -> Result<Self> {
		let client = RpcClient::from_insecure_url(url)
			.await
			.with_context(|| format!("cannot connect to the node at {url}"))?;
		// The legacy backend (`state_call`, `chain_*`): every call works at any block the node
		// has, where the chainHead backend only serves blocks its follow subscription pinned.
		let backend = subxt::backend::LegacyBackend::<Config>::builder().build(client.clone());
		let api = OnlineClient::<Config>::from_backend(Arc::new(backend))
			.await
			.with_context(|| format!("cannot read the chain at {url}"))?;
		Ok(Self {
			api,
			rpc: LegacyRpcMethods::new(client),
			url: url.to_string(),
			nonce: Arc::new(Mutex::new(None)),
		})
	}

	/// Signs `call` with `signer`, submits it and waits (`wait`) until it is in a block and
	/// succeeded. A failed dispatch is an error whose cause is the chain's `DispatchError`
	/// ([`errors::describe`] names it). Nonces come from `system_accountNextIndex` (which counts
	/// the pool), then count up locally while this connection submits.
	pub async fn submit<C: Payload>(
		&self,
		call: &C,
		signer: &Keypair,
		wait: Wait,
	) -> Result<Events> {
		let who = signer.public_key().to_account_id();
		let mut guard = self.nonce.lock().await;
		let pool_nonce = self.rpc.system_account_next_index(&who).await?;
		let nonce = guard.map_or(pool_nonce, |n| n.max(pool_nonce));
		let params = DefaultExtrinsicParamsBuilder::<Config>::new().nonce(nonce).build();
		let at = self.api.at_current_block().await?;
		let mut progress =
			match at.transactions().sign_and_submit_then_watch(call, signer, params).await {
				Ok(p) => p,
				Err(e) => {
					*guard = None;
					return Err(e).context("the node refused the transaction");
				},
			};
		*guard = Some(nonce + 1);
		drop(guard);
		while let Some(status) = progress.next().await {
			match status? {
				TransactionStatus::InBestBlock(in_block) if wait == Wait::InBlock => {
					return in_block.wait_for_success().await.map_err(Into::into);
				},
				TransactionStatus::InFinalizedBlock(in_block) => {
					return in_block.wait_for_success().await.map_err(Into::into);
				},
				TransactionStatus::Error { message }
				| TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message } => {
					*self.nonce.lock().await = None;
					anyhow::bail!("the transaction was not included: {message}");
				},
				_ => continue,
			}
		}
		anyhow::bail!("the node stopped reporting the transaction's progress")
	}

	/// The latest best block number.
	pub async fn best_number(&self) -> Result<u64> {
		let header = self.rpc.chain_get_header(None).await?.context("no best block")?;
		Ok(header.number)
	}
}

/// Prints a submission's outcome in one line per event (used by the CLI).
pub fn event_lines(events: &Events) -> Vec<String> {
	events
		.iter()
		.filter_map(|e| e.ok())
		.map(|e| format!("{}.{}", e.pallet_name(), e.event_name()))
		.collect()
}

/// Re-exported for callers that print errors.
pub use errors::describe;
