//! `provernet-prover`: a prover's agent. Each round it commits and reveals one sealed ask per
//! class it serves, at its configured unit cost (TODA is truthful: asking the true cost is the
//! best a prover can do, so the agent needs no strategy); it follows its assignments, proves
//! them with the demo circuits (real Groth16 proving, time linear in the circuit's size),
//! submits each proof before its due block, and skips work it cannot finish in time. It logs one
//! JSON object per line, reconnects when the node goes away, and never sends a second proof for
//! a lot (its state file records every submission before it is sent).

use crate::{
	brev,
	chain::{
		self,
		runtime_types::{
			pallet_job_escrow::types::{InputData, LotState},
			pallet_toda::RoundStatus,
		},
	},
	conn::{Conn, Wait},
	demo, errors,
	keys::KeySource,
	AccountId32,
};
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::{
	collections::{BTreeMap, BTreeSet, HashMap},
	path::{Path, PathBuf},
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};
use subxt_signer::sr25519::Keypair;

/// One class the agent serves.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClassConfig {
	/// The class id (`system << 16 | latency_tier << 8 | stake_tier`; Groth16 latency 0 stake 0
	/// is `0`).
	pub class: u32,
	/// The true cost per unit of lot size, in BREV (e.g. `"0.05"`), net of the market fee.
	pub unit_cost: String,
	/// Lots per round at most (also bounded by the capacity registered on-chain).
	pub capacity: u32,
}

/// The agent's configuration file (TOML).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
	/// The node's RPC endpoint.
	#[serde(default = "default_endpoint")]
	pub endpoint: String,
	/// The stake account's secret URI (or use `keystore`).
	pub suri: Option<String>,
	/// A keystore file for the stake account.
	pub keystore: Option<PathBuf>,
	/// The environment variable holding the keystore's password.
	pub password_env: Option<String>,
	/// Where the agent keeps its state (salts of its sealed asks, lots it submitted).
	pub state_dir: PathBuf,
	/// Classes served.
	#[serde(rename = "class")]
	pub classes: Vec<ClassConfig>,
	/// Proving work in flight at most (lots being proved at once).
	#[serde(default = "default_parallel")]
	pub parallel: usize,
	/// Safety factor on the proving-time estimate when deciding whether a lot can be finished.
	#[serde(default = "default_safety")]
	pub safety: f64,
	/// Adversarial testing only: after each reveal, try to back out of the round — `chill`, then
	/// drop the revealed class — before the clearing (market review H4). The chain refuses both
	/// (`ProverStaking.InAuction`) and the agent then serves what it wins. Never set this on a
	/// real prover.
	#[serde(default)]
	pub back_out: bool,
}

fn default_endpoint() -> String {
	"ws://127.0.0.1:9944".into()
}
fn default_parallel() -> usize {
	1
}
fn default_safety() -> f64 {
	2.0
}

impl Config {
	/// Reads and checks a configuration file.
	pub fn load(path: &Path) -> Result<Self> {
		let text = std::fs::read_to_string(path)
			.with_context(|| format!("cannot read config {}", path.display()))?;
		let cfg: Config =
			toml::from_str(&text).with_context(|| format!("bad config {}", path.display()))?;
		cfg.check()?;
		Ok(cfg)
	}

	/// Checks the values.
	pub fn check(&self) -> Result<()> {
		if self.classes.is_empty() {
			bail!("the config serves no class: add a [[class]] with class, unit_cost, capacity");
		}
		let mut seen = BTreeSet::new();
		for c in &self.classes {
			brev::parse(&c.unit_cost)
				.with_context(|| format!("class {}: bad unit_cost", c.class))?;
			if c.capacity == 0 {
				bail!("class {}: capacity must be at least 1", c.class);
			}
			if !seen.insert(c.class) {
				bail!("class {} is listed twice", c.class);
			}
		}
		if self.parallel == 0 || self.safety < 1.0 {
			bail!("parallel must be ≥ 1 and safety ≥ 1.0");
		}
		Ok(())
	}

	/// The key source.
	pub fn key_source(&self) -> Result<KeySource> {
		let password = match &self.password_env {
			Some(var) => Some(std::env::var(var).with_context(|| format!("{var} is not set"))?),
			None => None,
		};
		Ok(KeySource { suri: self.suri.clone(), keystore: self.keystore.clone(), password })
	}
}

/// A sealed ask the agent committed (the salt is needed to reveal it).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Sealed {
	/// Unit price (planck).
	pub unit_price: u128,
	/// Capacity.
	pub capacity: u32,
	/// Salt, hex.
	pub salt: String,
	/// Revealed already.
	pub revealed: bool,
}

/// What the agent remembers across restarts.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct State {
	/// Sealed asks by round, then class.
	pub asks: BTreeMap<u64, BTreeMap<u32, Sealed>>,
	/// Lots whose proof was handed to the node (never sent again).
	pub submitted: BTreeSet<u64>,
	/// Lots skipped (could not be finished in time, or not a circuit the agent can prove).
	pub skipped: BTreeSet<u64>,
}

impl State {
	fn path(dir: &Path) -> PathBuf {
		dir.join("state.json")
	}

	/// Loads the state (empty if none).
	pub fn load(dir: &Path) -> Result<Self> {
		match std::fs::read_to_string(Self::path(dir)) {
			Ok(text) => serde_json::from_str(&text).context("corrupt agent state file"),
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
			Err(e) => Err(e.into()),
		}
	}

	/// Saves the state atomically (write, then rename).
	pub fn save(&self, dir: &Path) -> Result<()> {
		std::fs::create_dir_all(dir)?;
		let tmp = dir.join("state.json.tmp");
		std::fs::write(&tmp, serde_json::to_vec_pretty(self)?)?;
		std::fs::rename(tmp, Self::path(dir))?;
		Ok(())
	}

	/// Forgets sealed asks of rounds older than `keep_from`.
	pub fn prune(&mut self, keep_from: u64) {
		self.asks.retain(|round, _| *round >= keep_from);
	}
}

/// Prints one structured log line: `{"ts": …, "level": …, "event": …, …fields}`.
pub fn log(level: &str, event: &str, fields: serde_json::Value) {
	let ts = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis())
		.unwrap_or(0);
	let mut line = serde_json::json!({ "ts": ts as u64, "level": level, "event": event });
	if let (Some(obj), serde_json::Value::Object(extra)) = (line.as_object_mut(), fields) {
		obj.extend(extra);
	}
	println!("{line}");
}

/// The commitment of a sealed ask: `blake2_256(SCALE(round, class, prover, unit_price,
/// capacity, salt))` (see pallet-toda's docs).
pub fn commitment(
	round: u64,
	class: u32,
	prover: &AccountId32,
	unit_price: u128,
	capacity: u32,
	salt: [u8; 32],
) -> [u8; 32] {
	use codec::Encode;
	sp_crypto_hashing::blake2_256(&(round, class, prover.0, unit_price, capacity, salt).encode())
}

/// Whether a proof of `constraints` can be ready and included before `due`: the estimate
/// (seconds per constraint × constraints × safety) plus two blocks for inclusion must fit in the
/// blocks left.
pub fn feasible(
	constraints: u64,
	secs_per_constraint: f64,
	safety: f64,
	now: u64,
	due: u64,
	block_secs: f64,
) -> bool {
	if due < now {
		return false;
	}
	let left = (due - now) as f64 * block_secs;
	let need = constraints as f64 * secs_per_constraint * safety + 2.0 * block_secs;
	need <= left
}

/// Proving keys, set up once per circuit.
#[derive(Default)]
struct Provers {
	keys: Mutex<HashMap<&'static str, Arc<provernet_circuits::DemoProvingKey>>>,
}

impl Provers {
	fn key(&self, c: &demo::Circuit) -> Arc<provernet_circuits::DemoProvingKey> {
		if let Some(k) = self.keys.lock().expect("not poisoned").get(c.name) {
			return k.clone();
		}
		let (pk, _) = provernet_circuits::setup(c.shape);
		let pk = Arc::new(pk);
		self.keys.lock().expect("not poisoned").insert(c.name, pk.clone());
		pk
	}
}

/// The agent.
pub struct Agent {
	cfg: Config,
	pair: Keypair,
	me: AccountId32,
	state: Arc<Mutex<State>>,
	provers: Arc<Provers>,
	secs_per_constraint: f64,
	/// Lots being proved now (not yet submitted or skipped).
	in_flight: Arc<Mutex<BTreeMap<u64, u32>>>,
	/// At most `parallel` proofs at once.
	slots: Arc<tokio::sync::Semaphore>,
}

impl Agent {
	/// Loads state and measures the proving speed (one proof of `chain-256x2`).
	pub fn new(cfg: Config) -> Result<Self> {
		let pair = cfg.key_source()?.keypair()?;
		let me = pair.public_key().to_account_id();
		let state = State::load(&cfg.state_dir)?;
		let provers = Arc::new(Provers::default());
		let probe = demo::by_name("chain-256x2")?;
		let pk = provers.key(&probe);
		let t = Instant::now();
		let _ = provernet_circuits::prove(&pk, probe.shape, provernet_circuits::secret(1), 1);
		let secs_per_constraint = t.elapsed().as_secs_f64() / probe.shape.constraints() as f64;
		log(
			"info",
			"started",
			serde_json::json!({
				"prover": me.to_string(),
				"classes": cfg.classes,
				"secs_per_constraint": secs_per_constraint,
				"state_dir": cfg.state_dir,
				"submitted_before": state.submitted.len(),
			}),
		);
		let cfg_parallel = cfg.parallel;
		Ok(Self {
			cfg,
			pair,
			me,
			state: Arc::new(Mutex::new(state)),
			provers,
			secs_per_constraint,
			in_flight: Arc::new(Mutex::new(BTreeMap::new())),
			slots: Arc::new(tokio::sync::Semaphore::new(cfg_parallel)),
		})
	}

	fn save(&self) {
		let state = self.state.lock().expect("not poisoned").clone();
		if let Err(e) = state.save(&self.cfg.state_dir) {
			log("error", "state_not_saved", serde_json::json!({ "error": e.to_string() }));
		}
	}

	/// Runs until the process is stopped: connects, follows the chain, reconnects with backoff.
	pub async fn run(self: Arc<Self>) -> Result<()> {
		let mut backoff = Duration::from_secs(1);
		loop {
			match Conn::connect(&self.cfg.endpoint).await {
				Ok(conn) => {
					log("info", "connected", serde_json::json!({ "endpoint": self.cfg.endpoint }));
					backoff = Duration::from_secs(1);
					if let Err(e) = self.clone().session(conn).await {
						log(
							"warn",
							"disconnected",
							serde_json::json!({ "error": errors::describe(&e) }),
						);
					}
				},
				Err(e) => log(
					"warn",
					"connect_failed",
					serde_json::json!({ "endpoint": self.cfg.endpoint, "error": errors::describe(&e), "retry_in_s": backoff.as_secs() }),
				),
			}
			tokio::time::sleep(backoff).await;
			backoff = (backoff * 2).min(Duration::from_secs(10));
		}
	}

	/// One connection's life: catch up on assigned lots, then handle every new best block.
	async fn session(self: Arc<Self>, conn: Conn) -> Result<()> {
		let block_ms = conn
			.api
			.at_current_block()
			.await?
			.constants()
			.entry(chain::constants().timestamp().minimum_period())?
			.saturating_mul(2);
		let block_secs = block_ms as f64 / 1000.0;
		let mut blocks = conn.api.stream_best_blocks().await?;
		let mut last: Option<u64> = None;
		let mut caught_up = false;
		while let Some(block) = blocks.next().await {
			let block = block?;
			let number = block.number();
			// Fill gaps: every block's events are read once, in order.
			let from = match last {
				Some(l) if number > l => l + 1,
				Some(_) => number,
				None => number,
			};
			for n in from..=number {
				let at = if n == number { block.at().await? } else { conn.api.at_block(n).await? };
				if !caught_up {
					self.catch_up(&conn, &at, block_secs).await?;
					caught_up = true;
				}
				self.on_block(&conn, &at, block_secs).await?;
			}
			last = Some(number.max(last.unwrap_or(0)));
		}
		bail!("the node closed the block stream")
	}

	/// After (re)connecting: lots assigned to this prover in the latest cleared round and lots
	/// still open in the state file are looked at again.
	async fn catch_up(
		self: &Arc<Self>,
		conn: &Conn,
		at: &subxt::OnlineClientAtBlock<crate::conn::Config>,
		block_secs: f64,
	) -> Result<()> {
		let last = at.storage().try_fetch(chain::storage().toda().last_cleared(), ()).await?;
		let Some(last) = last else { return Ok(()) };
		let round = last.decode()?;
		let assigned = crate::read(at, chain::storage().toda().assignments(), (round,))
			.await?
			.map(|v| v.0)
			.unwrap_or_default();
		for (lot, _class, prover, _price) in assigned {
			if prover == self.me {
				self.clone().take(conn.clone(), lot, at.block_number(), block_secs);
			}
		}
		Ok(())
	}

	async fn on_block(
		self: &Arc<Self>,
		conn: &Conn,
		at: &subxt::OnlineClientAtBlock<crate::conn::Config>,
		block_secs: f64,
	) -> Result<()> {
		let now = at.block_number();
		// Assignments to this prover in this block.
		let events = at.events().fetch().await?;
		for ev in events.find::<chain::job_escrow::events::LotAssigned>() {
			let ev = ev?;
			if ev.prover == self.me {
				log(
					"info",
					"assigned",
					serde_json::json!({ "lot": ev.lot, "unit_price": brev::format(ev.terms.ask_unit_price), "receives": brev::format(ev.terms.ask_receives), "due": ev.due, "block": now }),
				);
				self.clone().take(conn.clone(), ev.lot, now, block_secs);
			}
		}
		for ev in events.find::<chain::job_escrow::events::LotSettled>() {
			let ev = ev?;
			if ev.prover == self.me {
				log(
					"info",
					"paid",
					serde_json::json!({ "lot": ev.lot, "received": brev::format(ev.to_prover), "paid": brev::format(ev.paid), "fee": brev::format(ev.fee), "block": now }),
				);
			}
		}
		for ev in events.find::<chain::job_escrow::events::DeadlineMissed>() {
			let ev = ev?;
			if ev.prover == self.me {
				log("warn", "missed", serde_json::json!({ "lot": ev.lot, "block": now }));
			}
		}
		// The auction: commit in commit windows, reveal in reveal windows.
		let current = at
			.storage()
			.fetch(chain::storage().toda().current_round(), ())
			.await?
			.decode()?;
		let registered =
			crate::read(at, chain::storage().prover_staking().provers(), (self.me,)).await?;
		let Some(ledger) = registered else {
			if now.is_multiple_of(10) {
				log("warn", "not_registered", serde_json::json!({ "prover": self.me.to_string() }));
			}
			return Ok(());
		};
		for round in current.saturating_sub(3)..=current {
			let Some(info) =
				at.storage().try_fetch(chain::storage().toda().rounds(), (round,)).await?
			else {
				continue;
			};
			let info = info.decode()?;
			match info.status {
				RoundStatus::Commit if (now as u32) < info.commit_until => {
					for class in &self.cfg.classes {
						let registered_cap = ledger
							.capabilities
							.0
							.iter()
							.find(|c| c.class == class.class)
							.map(|c| c.capacity)
							.unwrap_or(0);
						self.commit(conn, round, class, registered_cap).await;
					}
				},
				RoundStatus::Reveal if (now as u32) < info.reveal_until => {
					self.reveal(conn, round).await;
				},
				_ => {},
			}
		}
		let mut state = self.state.lock().expect("not poisoned");
		state.prune(current.saturating_sub(8));
		Ok(())
	}

	async fn commit(&self, conn: &Conn, round: u64, class: &ClassConfig, registered_cap: u32) {
		if self
			.state
			.lock()
			.expect("not poisoned")
			.asks
			.get(&round)
			.is_some_and(|a| a.contains_key(&class.class))
		{
			return;
		}
		let busy = self
			.in_flight
			.lock()
			.expect("not poisoned")
			.values()
			.filter(|c| **c == class.class)
			.count() as u32;
		let capacity = class.capacity.min(registered_cap).saturating_sub(busy);
		if capacity == 0 {
			if registered_cap == 0 {
				log(
					"warn",
					"class_not_registered",
					serde_json::json!({ "class": class.class, "round": round }),
				);
			}
			// Remember that this round was decided (nothing to reveal).
			return;
		}
		let unit_price = brev::parse(&class.unit_cost).expect("checked at load");
		let salt: [u8; 32] = rand::random();
		let sealed = Sealed { unit_price, capacity, salt: hex::encode(salt), revealed: false };
		self.state
			.lock()
			.expect("not poisoned")
			.asks
			.entry(round)
			.or_default()
			.insert(class.class, sealed);
		self.save();
		let c = commitment(round, class.class, &self.me, unit_price, capacity, salt);
		let call = chain::transactions().toda().commit_ask(round, class.class, c);
		match conn.submit(&call, &self.pair, Wait::InBlock).await {
			Ok(_) => log(
				"info",
				"committed",
				serde_json::json!({ "round": round, "class": class.class, "capacity": capacity, "unit_price": brev::format(unit_price) }),
			),
			Err(e) => {
				log(
					"warn",
					"commit_failed",
					serde_json::json!({ "round": round, "class": class.class, "error": errors::describe(&e) }),
				);
				// Retry in a later block of the window.
				if let Some(a) = self.state.lock().expect("not poisoned").asks.get_mut(&round) {
					a.remove(&class.class);
				}
				self.save();
			},
		}
	}

	async fn reveal(&self, conn: &Conn, round: u64) {
		let pending: Vec<(u32, Sealed)> = self
			.state
			.lock()
			.expect("not poisoned")
			.asks
			.get(&round)
			.map(|a| a.iter().filter(|(_, s)| !s.revealed).map(|(c, s)| (*c, s.clone())).collect())
			.unwrap_or_default();
		for (class, sealed) in pending {
			let mut salt = [0u8; 32];
			if hex::decode_to_slice(&sealed.salt, &mut salt).is_err() {
				continue;
			}
			let call = chain::transactions().toda().reveal_ask(
				round,
				class,
				sealed.unit_price,
				sealed.capacity,
				salt,
			);
			match conn.submit(&call, &self.pair, Wait::InBlock).await {
				Ok(_) => {
					log(
						"info",
						"revealed",
						serde_json::json!({ "round": round, "class": class, "unit_price": brev::format(sealed.unit_price), "capacity": sealed.capacity }),
					);
					self.mark_revealed(round, class);
					if self.cfg.back_out {
						self.try_back_out(conn, round, class).await;
					}
				},
				Err(e) => {
					let name = errors::error_name(&e);
					log(
						"warn",
						"reveal_failed",
						serde_json::json!({ "round": round, "class": class, "error": errors::describe(&e) }),
					);
					// Final: revealing again cannot succeed in this round.
					if matches!(
						name.as_deref(),
						Some(
							"Toda.AlreadyRevealed" | "Toda.NoCommitment" | "Toda.NoObligationRoom"
						)
					) {
						self.mark_revealed(round, class);
					}
				},
			}
		}
	}

	/// The back-out of a revealed ask (see [`Config::back_out`]): chill, then drop the class.
	async fn try_back_out(&self, conn: &Conn, round: u64, class: u32) {
		use chain::runtime_types::pallet_prover_staking::types::Capability;
		let at = match conn.api.at_current_block().await {
			Ok(at) => at,
			Err(_) => return,
		};
		let kept: Vec<Capability> =
			crate::read(&at, chain::storage().prover_staking().provers(), (self.me.clone(),))
				.await
				.ok()
				.flatten()
				.map(|l| l.capabilities.0.into_iter().filter(|c| c.class != class).collect())
				.unwrap_or_default();
		let chill = chain::transactions().prover_staking().chill();
		let drop_class = chain::transactions().prover_staking().update_capabilities(kept);
		for (what, outcome) in [
			("chill", conn.submit(&chill, &self.pair, Wait::InBlock).await),
			("drop_class", conn.submit(&drop_class, &self.pair, Wait::InBlock).await),
		] {
			match outcome {
				Ok(_) => log(
					"warn",
					"backed_out",
					serde_json::json!({ "round": round, "class": class, "how": what }),
				),
				Err(e) => log(
					"info",
					"back_out_refused",
					serde_json::json!({ "round": round, "class": class, "how": what, "error": errors::describe(&e) }),
				),
			}
		}
	}

	fn mark_revealed(&self, round: u64, class: u32) {
		if let Some(s) = self
			.state
			.lock()
			.expect("not poisoned")
			.asks
			.get_mut(&round)
			.and_then(|a| a.get_mut(&class))
		{
			s.revealed = true;
		}
		self.save();
	}

	/// Takes on an assigned lot: proves it in the background and submits it, once.
	fn take(self: Arc<Self>, conn: Conn, lot: u64, now: u64, block_secs: f64) {
		{
			let state = self.state.lock().expect("not poisoned");
			if state.submitted.contains(&lot) {
				log("info", "already_submitted", serde_json::json!({ "lot": lot }));
				return;
			}
			if state.skipped.contains(&lot) {
				return;
			}
			let mut flying = self.in_flight.lock().expect("not poisoned");
			if flying.contains_key(&lot) {
				return;
			}
			flying.insert(lot, u32::MAX);
		}
		tokio::spawn(async move {
			let outcome = self.work(&conn, lot, now, block_secs).await;
			self.in_flight.lock().expect("not poisoned").remove(&lot);
			if let Err(e) = outcome {
				log(
					"error",
					"lot_failed",
					serde_json::json!({ "lot": lot, "error": errors::describe(&e) }),
				);
			}
		});
	}

	async fn work(
		self: &Arc<Self>,
		conn: &Conn,
		lot_id: u64,
		now: u64,
		block_secs: f64,
	) -> Result<()> {
		let at = conn.api.at_block(now).await?;
		let lot = at
			.storage()
			.try_fetch(chain::storage().job_escrow().lots(), (lot_id,))
			.await?
			.context("the lot does not exist")?
			.decode()?;
		let LotState::Assigned { prover, due, .. } = &lot.state else {
			log("info", "not_assigned_any_more", serde_json::json!({ "lot": lot_id }));
			return Ok(());
		};
		if *prover != self.me {
			return Ok(());
		}
		let due = u64::from(*due);
		self.in_flight.lock().expect("not poisoned").insert(lot_id, lot.class);
		let skip = |reason: String| {
			log("warn", "skipped", serde_json::json!({ "lot": lot_id, "reason": reason }));
			self.state.lock().expect("not poisoned").skipped.insert(lot_id);
			self.save();
		};
		let Some(circuit) = demo::by_key_id(&lot.key) else {
			skip(format!("key 0x{} is not a demo circuit this agent proves", hex::encode(lot.key)));
			return Ok(());
		};
		// Whether the proof can still be made and included in time, from the best block now.
		let in_time = || async {
			let head = conn.best_number().await?;
			let ok = feasible(
				circuit.shape.constraints(),
				self.secs_per_constraint,
				self.cfg.safety,
				head,
				due,
				block_secs,
			);
			anyhow::Ok(ok.then_some(head).ok_or(format!(
				"{} ({} constraints) cannot be proved and included by block {due} (now {head})",
				circuit.name,
				circuit.shape.constraints()
			)))
		};
		if let Err(reason) = in_time().await? {
			skip(reason);
			return Ok(());
		}
		let job = at
			.storage()
			.try_fetch(chain::storage().job_escrow().jobs(), (lot.requester, lot.job))
			.await?
			.context("the lot's job does not exist")?
			.decode()?;
		let data = match &job.input {
			InputData::Inline(bytes) => bytes.0.clone(),
			InputData::Uri { .. } => {
				skip("the job's data is behind a URI; this agent reads inline data only".into());
				return Ok(());
			},
		};
		let x0 = match demo::secret_of_stage(&data, lot.stage) {
			Ok(x) => x,
			Err(e) => {
				skip(format!("the job's data has no usable secret: {e}"));
				return Ok(());
			},
		};
		// Wait for a proving slot, then decide again: time passed while waiting.
		let _slot = self.slots.clone().acquire_owned().await?;
		let head = match in_time().await? {
			Ok(head) => head,
			Err(reason) => {
				skip(reason);
				return Ok(());
			},
		};
		log(
			"info",
			"proving",
			serde_json::json!({ "lot": lot_id, "circuit": circuit.name, "constraints": circuit.shape.constraints(), "due": due, "block": head }),
		);
		let started = Instant::now();
		let provers = self.provers.clone();
		let c = circuit.clone();
		let (inputs, proof) = tokio::task::spawn_blocking(move || {
			let pk = provers.key(&c);
			provernet_circuits::prove(&pk, c.shape, x0, rand::random())
		})
		.await?;
		let proving_ms = started.elapsed().as_millis() as u64;
		if let Some(fixed) = &lot.public_inputs {
			if fixed.0 != inputs {
				skip("the job's secret does not give the public inputs it fixed".into());
				return Ok(());
			}
		}
		// Exactly once: recorded before it is sent; a lot in `submitted` is never sent again.
		{
			let mut state = self.state.lock().expect("not poisoned");
			if !state.submitted.insert(lot_id) {
				return Ok(());
			}
		}
		self.save();
		let call = chain::transactions().job_escrow().submit_proof(lot_id, inputs, proof);
		match conn.submit(&call, &self.pair, Wait::InBlock).await {
			Ok(events) => {
				let settled =
					events.find_first::<chain::job_escrow::events::LotSettled>().transpose()?;
				log(
					"info",
					"submitted",
					serde_json::json!({
						"lot": lot_id,
						"circuit": circuit.name,
						"proving_ms": proving_ms,
						"paid": settled.as_ref().map(|s| brev::format(s.paid)),
						"received": settled.map(|s| brev::format(s.to_prover)),
					}),
				);
			},
			Err(e) => {
				log(
					"error",
					"submit_failed",
					serde_json::json!({ "lot": lot_id, "error": errors::describe(&e) }),
				);
			},
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn feasibility_counts_blocks_left() {
		// 1 µs per constraint, 10,000 constraints, ×2 safety = 0.02 s + 2 blocks of 3 s.
		assert!(feasible(10_000, 1e-6, 2.0, 100, 103, 3.0));
		assert!(!feasible(10_000, 1e-6, 2.0, 100, 101, 3.0), "one block left is not enough");
		assert!(!feasible(10, 1e-6, 2.0, 100, 99, 3.0), "already due");
		// A big circuit at 1 ms per constraint needs 100 s ≈ 34 blocks.
		assert!(!feasible(50_000, 1e-3, 2.0, 0, 30, 3.0));
		assert!(feasible(50_000, 1e-3, 2.0, 0, 40, 3.0));
	}

	#[test]
	fn config_is_checked() {
		let good = r#"
			suri = "//Bob"
			state_dir = "/tmp/x"
			[[class]]
			class = 0
			unit_cost = "0.05"
			capacity = 2
		"#;
		let cfg: Config = toml::from_str(good).unwrap();
		cfg.check().unwrap();
		assert_eq!(cfg.endpoint, "ws://127.0.0.1:9944");
		for bad in [
			good.replace("capacity = 2", "capacity = 0"),
			good.replace("\"0.05\"", "\"cheap\""),
			good.replace(
				"[[class]]\n\t\t\tclass = 0\n\t\t\tunit_cost = \"0.05\"\n\t\t\tcapacity = 2",
				"",
			),
		] {
			let parsed: Result<Config, _> = toml::from_str(&bad);
			assert!(parsed.map_or(true, |c| c.check().is_err()), "{bad}");
		}
		assert!(toml::from_str::<Config>(&format!("{good}\nunknown = 1")).is_err());
	}

	#[test]
	fn state_survives_a_restart() {
		let dir = std::env::temp_dir().join(format!("provernet-agent-{}", std::process::id()));
		let mut s = State::default();
		s.submitted.insert(7);
		s.asks.entry(3).or_default().insert(
			0,
			Sealed { unit_price: 5, capacity: 1, salt: "00".repeat(32), revealed: false },
		);
		s.save(&dir).unwrap();
		let back = State::load(&dir).unwrap();
		assert!(back.submitted.contains(&7));
		assert_eq!(back.asks[&3][&0].unit_price, 5);
		let mut pruned = back.clone();
		pruned.prune(4);
		assert!(pruned.asks.is_empty());
		std::fs::remove_dir_all(dir).unwrap();
	}

	#[test]
	fn commitment_matches_the_pallet_encoding() {
		// SCALE of (u64, u32, [u8; 32], u128, u32, [u8; 32]) is the plain concatenation of
		// little-endian integers and bytes, as pallet-toda's `commitment_of` hashes it.
		let prover = AccountId32([7u8; 32]);
		let mut pre = Vec::new();
		pre.extend_from_slice(&5u64.to_le_bytes());
		pre.extend_from_slice(&1u32.to_le_bytes());
		pre.extend_from_slice(&[7u8; 32]);
		pre.extend_from_slice(&9u128.to_le_bytes());
		pre.extend_from_slice(&2u32.to_le_bytes());
		pre.extend_from_slice(&[3u8; 32]);
		assert_eq!(commitment(5, 1, &prover, 9, 2, [3u8; 32]), sp_crypto_hashing::blake2_256(&pre));
	}
}
