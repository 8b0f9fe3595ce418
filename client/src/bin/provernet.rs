//! `provernet`: the command line for ProverNet's users — requesters, provers, delegators and
//! BREV holders. Every type comes from the runtime's metadata; amounts are BREV with decimals;
//! a refused transaction is shown by its pallet and error name with the error's documentation.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use provernet_client::{
	brev,
	chain::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_conviction_voting::{conviction::Conviction, vote::AccountVote, vote::Vote},
			pallet_job_escrow::types::{InputData, LotState, StageSpec},
			pallet_prover_staking::types::Capability,
			sp_arithmetic::per_things::Perbill,
		},
	},
	conn::{event_lines, Conn, Events, Wait},
	demo, errors,
	keys::{self, KeySource},
	read, view, zkvm, AccountId32,
};
use std::{path::PathBuf, str::FromStr};
use subxt::dynamic::Value;

/// ProverNet's command line.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
	/// The node's RPC endpoint.
	#[arg(long, global = true, env = "PROVERNET_URL", default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// The signing account's secret URI (`//Alice`, a mnemonic, a `0x` seed).
	#[arg(long, global = true, env = "PROVERNET_SURI", hide_env_values = true)]
	suri: Option<String>,
	/// A keystore file instead: a polkadot.js account export or a node keystore file.
	#[arg(long, global = true, env = "PROVERNET_KEYSTORE")]
	keystore: Option<PathBuf>,
	/// The keystore's password.
	#[arg(long, global = true, env = "PROVERNET_PASSWORD", hide_env_values = true)]
	password: Option<String>,
	#[command(subcommand)]
	cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
	/// The signing key's address (no chain needed).
	Address,
	/// An account's balances (default: the signer's).
	Account { address: Option<String> },
	/// Sends BREV.
	Transfer { to: String, amount: String },
	/// Verifying keys.
	#[command(subcommand)]
	Vk(VkCmd),
	/// Demo-circuit helpers for requesters.
	#[command(subcommand)]
	Demo(DemoCmd),
	/// Jobs (requesters).
	#[command(subcommand)]
	Job(JobCmd),
	/// Provers.
	#[command(subcommand)]
	Prover(ProverCmd),
	/// Delegates BREV to a prover.
	Delegate { prover: String, amount: String },
	/// Starts unbonding a delegation.
	Undelegate { prover: String, amount: String },
	/// Withdraws unbonded stake (own or delegated) from a prover whose delay has passed.
	Withdraw { prover: String },
	/// Claims rewards earned through a prover (as the prover or a delegator).
	Claim { prover: String },
	/// Rewards waiting to be claimed from a prover (default staker: the signer).
	Rewards { prover: String, staker: Option<String> },
	/// Governance of the market's parameters.
	#[command(subcommand)]
	Gov(GovCmd),
	/// Market data.
	#[command(subcommand)]
	Market(MarketCmd),
	/// The class id of a proof system, latency tier and stake tier.
	Class {
		#[arg(long, default_value = "groth16")]
		system: String,
		#[arg(long, default_value_t = 0)]
		latency: u8,
		#[arg(long, default_value_t = 0)]
		stake: u8,
	},
}

#[derive(Subcommand)]
enum VkCmd {
	/// Registers a Groth16 verifying key (a demo circuit's, or a file of its canonical bytes,
	/// binary or hex); prints its id.
	Register {
		#[arg(long, conflicts_with = "file")]
		circuit: Option<String>,
		#[arg(long)]
		file: Option<PathBuf>,
		/// Register the file as an attested (off-chain) system's key: its bytes describe the
		/// attester; proofs are 32-byte digests the requester accepts or disputes.
		#[arg(long, requires = "file")]
		attested: bool,
		/// Register a zkVM's or gnark circuit's key: `sp1-v6`, `sp1-v4`, `risc0-v3`, `pico` or
		/// `gnark`; the key is assembled from the program's artifacts in `--dir` (or is the
		/// already assembled `--file`).
		#[arg(long, conflicts_with_all = ["circuit", "attested"])]
		zkvm: Option<String>,
		/// The directory of a program's artifacts (`provernet_zk::artifacts` lists the files).
		#[arg(long, requires = "zkvm", conflicts_with = "file")]
		dir: Option<PathBuf>,
	},
	/// Verifies a proof on-chain through the registry's `verify` call (a key of any system; a
	/// zkVM program's statement and proof read from `--dir` unless given as files).
	Verify {
		/// The key's id (default with `--zkvm`: the id of the key assembled from `--dir`).
		#[arg(long)]
		key: Option<String>,
		/// The zkVM whose artifacts `--dir` holds.
		#[arg(long, requires = "dir")]
		zkvm: Option<String>,
		#[arg(long, requires = "zkvm")]
		dir: Option<PathBuf>,
		/// The statement: public values, a journal or public inputs (binary or 0x-hex).
		#[arg(long)]
		statement: Option<PathBuf>,
		/// The proof (binary or 0x-hex).
		#[arg(long)]
		proof: Option<PathBuf>,
	},
	/// A key's record.
	Show { key: String },
	/// Unregisters a key (no open job may use it); the deposit is returned.
	Unregister { key: String },
	/// The demo circuits and their key ids.
	Circuits,
}

#[derive(Subcommand)]
enum DemoCmd {
	/// Writes a demo job's public inputs (`<out>/<name>-<seed>.inputs`) and secret
	/// (`<out>/<name>-<seed>.secret`, the job data a prover needs) for a demo circuit.
	Inputs {
		#[arg(long)]
		circuit: String,
		#[arg(long, default_value_t = 1)]
		seed: u64,
		#[arg(long, default_value = ".")]
		out: PathBuf,
	},
}

#[derive(Subcommand)]
enum JobCmd {
	/// Posts a job: one `--stage` per stage, `key=<id|circuit>,size=W,max-fee=BREV,inputs=FILE`
	/// and optionally `latency=T,stake=T,deps=0+1,deadline=+N`; `--data FILE` (repeatable,
	/// concatenated) is the job's input data. The sum of the max fees is held until settlement.
	/// `inputs=` (the public inputs, the statement you pay for) is required for every key that
	/// takes public inputs: the chain accepts only a proof of exactly that statement, so no old or
	/// other lot's proof can be passed off as yours.
	Submit {
		#[arg(long)]
		index: u64,
		#[arg(long = "stage", required = true)]
		stages: Vec<String>,
		#[arg(long = "data")]
		data: Vec<PathBuf>,
		/// The job's deadline: a block number, or `+N` blocks from now.
		#[arg(long, default_value = "+600")]
		deadline: String,
	},
	/// A job and its lots.
	Show {
		index: u64,
		#[arg(long)]
		requester: Option<String>,
	},
	/// A requester's jobs.
	List {
		#[arg(long)]
		requester: Option<String>,
	},
	/// Follows a job block by block until it is finished.
	Watch {
		index: u64,
		#[arg(long)]
		requester: Option<String>,
		/// Give up after this many blocks.
		#[arg(long, default_value_t = 2000)]
		blocks: u64,
	},
	/// Cancels a job no stage of which was ever assigned; refunds it.
	Cancel { index: u64 },
	/// Accepts an attested proof of a lot.
	Accept { lot: u64 },
	/// Disputes an attested proof of a lot within its acceptance window: the dispute bond is
	/// held, and the judge (`gov rule`) rules before the ruling deadline, else the proof stands.
	Dispute { lot: u64 },
	/// One lot.
	Lot { lot: u64 },
}

#[derive(Subcommand)]
enum ProverCmd {
	/// Registers the signer as a prover: self-stake, commission, classes served
	/// (`--class CLASS:CAPACITY`, repeatable).
	Register {
		#[arg(long)]
		stake: String,
		#[arg(long, default_value = "5%")]
		commission: String,
		#[arg(long = "class", required = true)]
		classes: Vec<String>,
		#[arg(long, default_value = "")]
		metadata: String,
	},
	/// Adds self-stake.
	Bond { amount: String },
	/// Starts unbonding self-stake.
	Unbond { amount: String },
	/// Sets the commission: a decrease applies at once; an increase (at most the governed step
	/// above the current one) is announced and applies after the unbonding delay.
	Commission { commission: String },
	/// A prover's record, delegations and rewards (default: the signer).
	Show { prover: Option<String> },
	/// Commits a sealed ask by hand (what the agent does each round): prints the salt to reveal
	/// it with.
	Ask {
		#[command(flatten)]
		ask: AskArgs,
	},
	/// Reveals a sealed ask committed with `prover ask`.
	Reveal {
		#[command(flatten)]
		ask: AskArgs,
		#[arg(long)]
		salt: String,
	},
	/// Submits the proof of an assigned lot by hand: `--proof FILE` (Groth16: 128 bytes, with
	/// `--inputs FILE` when the lot does not fix them) or `--digest HEX` (attested systems).
	SubmitProof {
		lot: u64,
		#[arg(long, conflicts_with = "digest")]
		proof: Option<PathBuf>,
		#[arg(long)]
		digest: Option<String>,
		#[arg(long)]
		inputs: Option<PathBuf>,
	},
}

/// A sealed ask's terms.
#[derive(clap::Args)]
struct AskArgs {
	#[arg(long)]
	round: u64,
	#[arg(long)]
	class: u32,
	/// BREV per unit of lot size, net of the market fee.
	#[arg(long)]
	price: String,
	#[arg(long)]
	capacity: u32,
}

#[derive(Subcommand)]
enum GovCmd {
	/// The market's parameters: every key, and the value governance set (unset keys use the
	/// runtime's compiled-in default).
	Params,
	/// Proposes `KEY=VALUE` on the market_params track and places the decision deposit.
	Propose {
		param: String,
		/// Do not place the decision deposit.
		#[arg(long)]
		no_deposit: bool,
	},
	/// Votes on a referendum: `aye` or `nay`, with an amount and a conviction (0–6).
	Vote {
		referendum: u32,
		vote: String,
		amount: String,
		#[arg(long, default_value_t = 1)]
		conviction: u8,
	},
	/// A referendum's status.
	Referendum { referendum: u32 },
	/// Sets `KEY=VALUE` at once through sudo (development chains only).
	SudoSet { param: String },
	/// Rules on a disputed attested proof: `upheld` (the lot is refunded, the bond returned, the
	/// prover's violation reported for slashing) or `rejected` (the prover is paid and receives
	/// the bond). The signer, a judge, proposes it to the judges and votes aye; it passes with two
	/// thirds of them (`gov judge-vote`). With `--sudo` at once (development chains only).
	/// Unruled by the lot's ruling deadline, the proof stands.
	Rule {
		lot: u64,
		ruling: String,
		/// Through sudo instead of the judges.
		#[arg(long)]
		sudo: bool,
	},
	/// Proposes to the judges to jail a prover (it takes no work until unjailed).
	Jail {
		prover: String,
		#[arg(long)]
		sudo: bool,
	},
	/// Proposes to the judges to unjail a prover (it comes back Inactive).
	Unjail {
		prover: String,
		#[arg(long)]
		sudo: bool,
	},
	/// Proposes to the judges to cancel a pending (deferred) slash, with the reason on record.
	CancelSlash {
		id: u64,
		reason: String,
		#[arg(long)]
		sudo: bool,
	},
	/// Votes `aye` or `nay` on the judges' motion; once it has the ayes it needs (or can no
	/// longer get them) the vote also closes it, and the call is dispatched.
	JudgeVote { motion: u32, vote: String },
	/// The judges and their open motions.
	Judges,
}

#[derive(Subcommand)]
enum MarketCmd {
	/// A round's schedule and state (default: the current round).
	Round { round: Option<u64> },
	/// Clearing prices of a class, oldest first.
	Prices { class: u32 },
	/// Open lots of a class.
	Lots { class: u32 },
	/// The latest cleared round's assignments.
	Assignments { round: Option<u64> },
}

#[tokio::main]
async fn main() {
	// `provernet … | head` closes stdout early: end quietly, as Unix tools do.
	let default_hook = std::panic::take_hook();
	std::panic::set_hook(Box::new(move |info| {
		let msg = info
			.payload()
			.downcast_ref::<String>()
			.map(String::as_str)
			.or_else(|| info.payload().downcast_ref::<&str>().copied())
			.unwrap_or("");
		if msg.contains("Broken pipe") {
			std::process::exit(0);
		}
		default_hook(info);
	}));
	let cli = Cli::parse();
	if let Err(e) = run(cli).await {
		eprintln!("error: {}", errors::describe(&e));
		std::process::exit(1);
	}
}

/// Dispatches `inner` through sudo and reports its outcome.
async fn sudo(ctx: &Ctx, what: &str, inner: &impl subxt::tx::Payload) -> Result<()> {
	let call_data = ctx.conn.api.at_current_block().await?.transactions().call_data(inner)?;
	let call = subxt::dynamic::tx("Sudo", "sudo", vec![decode_call(ctx, &call_data).await?]);
	let events = ctx.send(what, &call).await?;
	report_sudo(&events, &ctx.conn.api.at_current_block().await?.metadata())
}

/// A judicial call (rule a dispute, jail, unjail, cancel a slash): through sudo on development
/// chains, else proposed by the signer to the judges with a two-thirds threshold and voted aye.
async fn judicial(
	ctx: &Ctx,
	inner: &impl subxt::tx::Payload,
	what: &str,
	at_once: bool,
) -> Result<()> {
	if at_once {
		sudo(ctx, what, inner).await?;
		println!("{what}");
		return Ok(());
	}
	let call_data = ctx.conn.api.at_current_block().await?.transactions().call_data(inner)?;
	let at = ctx.at().await?;
	let judges = chain::storage().judges();
	let members = at.storage().fetch(judges.members(), ()).await?.decode()?;
	if !members.contains(&ctx.me()?) {
		bail!(
			"only a judge proposes to the judges ({} of them: `provernet gov judges`)",
			members.len()
		);
	}
	// Two thirds, rounded up.
	let threshold = (2 * members.len()).div_ceil(3) as u32;
	let propose = subxt::dynamic::tx(
		"Judges",
		"propose",
		vec![
			Value::u128(u128::from(threshold)),
			decode_call(ctx, &call_data).await?,
			Value::u128(call_data.len() as u128),
		],
	);
	let events = ctx.send("propose to the judges", &propose).await?;
	if threshold < 2 {
		// A lone judge's proposal is dispatched at once.
		return report_judges(&events, what, ctx).await;
	}
	// The motion this transaction opened (its own event: another judge's proposal landing in
	// the same block has another index and hash).
	let me = ctx.me()?;
	let mut mine = None;
	for ev in events.find::<chain::judges::events::Proposed>() {
		let ev = ev?;
		if ev.account == me {
			mine = Some((ev.proposal_index, ev.proposal_hash));
		}
	}
	let Some((index, hash)) = mine else { bail!("the judges recorded no proposal of yours") };
	println!("motion {index}: {what}? it needs {threshold} of {} judges' ayes", members.len());
	vote_on_motion(ctx, index, hash, true).await
}

/// Votes on the judges' motion `index` and closes it once decided.
async fn judge_vote(ctx: &Ctx, index: u32, aye: bool) -> Result<()> {
	let at = ctx.at().await?;
	let judges = chain::storage().judges();
	let hashes = at.storage().fetch(judges.proposals(), ()).await?.decode()?;
	let mut found = None;
	for hash in hashes.0 {
		if let Some(v) = at.storage().try_fetch(judges.voting(), (hash,)).await? {
			if v.decode()?.index == index {
				found = Some(hash);
			}
		}
	}
	let Some(hash) = found else { bail!("no open motion {index} (`provernet gov judges`)") };
	vote_on_motion(ctx, index, hash, aye).await
}

/// Votes on the motion (`index`, `hash`) and closes it once decided.
async fn vote_on_motion(ctx: &Ctx, index: u32, hash: subxt::utils::H256, aye: bool) -> Result<()> {
	let judges = chain::storage().judges();
	ctx.send("judge's vote", &chain::transactions().judges().vote(hash, index, aye))
		.await?;
	let at = ctx.at().await?;
	let voting = at.storage().fetch(judges.voting(), (hash,)).await?.decode()?;
	let seats = at.storage().fetch(judges.members(), ()).await?.decode()?.len() as u32;
	let (ayes, nays) = (voting.ayes.len() as u32, voting.nays.len() as u32);
	if ayes < voting.threshold && nays <= seats.saturating_sub(voting.threshold) {
		println!("motion {index}: {ayes} ayes, {nays} nays; {} ayes needed", voting.threshold);
		return Ok(());
	}
	// The bound is the motion's own weight, as the runtime declares it (not the council's
	// maximum, which would reserve half a block for a small call).
	let proposal = at.storage().fetch(judges.proposal_of(), (hash,)).await?.into_bytes();
	let len = proposal.len() as u32;
	let mut args = proposal;
	codec::Encode::encode_to(&len, &mut args);
	let info = at
		.runtime_apis()
		.call_raw("TransactionPaymentCallApi_query_call_info", Some(&args))
		.await
		.context("the motion's weight")?;
	let mut info = &info[..];
	let mut compact = || -> Result<u64> {
		Ok(<codec::Compact<u64> as codec::Decode>::decode(&mut info)
			.context("the runtime's weight of the motion does not decode")?
			.0)
	};
	let (ref_time, proof_size) = (compact()?, compact()?);
	let bound = chain::runtime_types::sp_weights::weight_v2::Weight { ref_time, proof_size };
	let close = chain::transactions().judges().close(hash, index, bound, len);
	let events = ctx.send("close the motion", &close).await?;
	report_judges(&events, &format!("motion {index}"), ctx).await
}

/// Reports what the judges' motion did: rejected, or dispatched with its result.
async fn report_judges(events: &Events, what: &str, ctx: &Ctx) -> Result<()> {
	let metadata = ctx.conn.api.at_current_block().await?.metadata();
	if events.find::<chain::judges::events::Disapproved>().next().is_some() {
		bail!("{what}: the judges rejected it");
	}
	for ev in events.find::<chain::judges::events::Executed>() {
		match ev?.result {
			Ok(()) => {
				println!("{what}: done");
				return Ok(());
			},
			Err(e) => {
				bail!("{what}: the judges passed it and it failed: {}", error_name(&e, &metadata))
			},
		}
	}
	bail!("{what}: the motion was not dispatched")
}

/// Submits `inner` as a referendum on the market_params track (inline), placing the decision
/// deposit if asked; returns the referendum's index.
async fn propose(ctx: &Ctx, inner: &impl subxt::tx::Payload, deposit: bool) -> Result<u32> {
	let call_data = ctx.conn.api.at_current_block().await?.transactions().call_data(inner)?;
	if call_data.len() > 128 {
		bail!("the proposal is {} bytes; inline proposals hold at most 128", call_data.len());
	}
	let at = ctx.at().await?;
	let index = at
		.storage()
		.fetch(chain::storage().referenda().referendum_count(), ())
		.await?
		.decode()?;
	let submit = subxt::dynamic::tx(
		"Referenda",
		"submit",
		vec![
			Value::unnamed_variant("MarketParams", [Value::unnamed_variant("MarketParams", [])]),
			Value::unnamed_variant("Inline", [Value::from_bytes(&call_data)]),
			Value::unnamed_variant("After", [Value::u128(1)]),
		],
	);
	ctx.send("submit referendum", &submit).await?;
	if deposit {
		ctx.send(
			"decision deposit",
			&chain::transactions().referenda().place_decision_deposit(index),
		)
		.await?;
	}
	Ok(index)
}

fn account(s: &str) -> Result<AccountId32> {
	if let Some(uri) = s.strip_prefix("//") {
		return Ok(keys::address(&keys::from_suri(&format!("//{uri}"))?));
	}
	AccountId32::from_str(s).map_err(|e| anyhow::anyhow!("bad address `{s}`: {e:?}"))
}

fn key_id(s: &str) -> Result<[u8; 32]> {
	if let Ok(c) = demo::by_name(s) {
		return Ok(c.key_id);
	}
	let bytes = hex::decode(s.trim_start_matches("0x"))
		.context("a key id is 32 bytes of hex, or a demo circuit's name")?;
	bytes.try_into().map_err(|_| anyhow::anyhow!("a key id is 32 bytes"))
}

fn read_bytes(path: &PathBuf) -> Result<Vec<u8>> {
	let raw = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
	let text = String::from_utf8_lossy(&raw);
	let t = text.trim();
	if let Some(h) = t.strip_prefix("0x") {
		if let Ok(b) = hex::decode(h) {
			return Ok(b);
		}
	}
	Ok(raw)
}

fn perbill(s: &str) -> Result<Perbill> {
	Ok(Perbill(brev::parse_percent(s)?))
}

fn print_events(events: &Events) {
	for line in event_lines(events) {
		println!("  event {line}");
	}
}

struct Ctx {
	conn: Conn,
	keys: KeySource,
}

impl Ctx {
	async fn send<C: subxt::transactions::Payload>(&self, what: &str, call: &C) -> Result<Events> {
		let pair = self.keys.keypair()?;
		let events = self.conn.submit(call, &pair, Wait::Finalized).await?;
		println!("{what}: ok (finalized)");
		print_events(&events);
		Ok(events)
	}

	fn me(&self) -> Result<AccountId32> {
		Ok(keys::address(&self.keys.keypair()?))
	}

	fn who(&self, given: &Option<String>) -> Result<AccountId32> {
		match given {
			Some(s) => account(s),
			None => self.me(),
		}
	}

	async fn at(&self) -> Result<subxt::OnlineClientAtBlock<provernet_client::conn::Config>> {
		// The best block, so a command sees what the previous one did.
		let best = self.conn.best_number().await?;
		Ok(self.conn.api.at_block(best).await?)
	}
}

async fn run(cli: Cli) -> Result<()> {
	let keys = KeySource { suri: cli.suri, keystore: cli.keystore, password: cli.password };
	match &cli.cmd {
		Cmd::Address => {
			println!("{}", keys::address(&keys.keypair()?));
			return Ok(());
		},
		Cmd::Class { system, latency, stake } => {
			let Some(s) = provernet_client::market::system_code(system) else {
				let names: Vec<&str> =
					provernet_client::market::SYSTEM_CODES.iter().map(|(n, _)| *n).collect();
				bail!("unknown proof system `{system}` ({})", names.join(", "));
			};
			println!("{}", s << 16 | u32::from(*latency) << 8 | u32::from(*stake));
			return Ok(());
		},
		Cmd::Vk(VkCmd::Circuits) => {
			for c in demo::circuits() {
				println!(
					"{:<14} {:>6} constraints  {} public inputs  key 0x{}",
					c.name,
					c.shape.constraints(),
					c.shape.inputs,
					hex::encode(c.key_id)
				);
			}
			return Ok(());
		},
		Cmd::Demo(DemoCmd::Inputs { circuit, seed, out }) => {
			let c = demo::by_name(circuit)?;
			let (inputs, secret) = demo::job_inputs(&c, *seed);
			std::fs::create_dir_all(out)?;
			let base = out.join(format!("{}-{seed}", c.name));
			std::fs::write(base.with_extension("inputs"), &inputs)?;
			std::fs::write(base.with_extension("secret"), secret)?;
			println!(
				"{} ({} bytes of public inputs)",
				base.with_extension("inputs").display(),
				inputs.len()
			);
			println!(
				"{} (the stage's secret: pass it with --data)",
				base.with_extension("secret").display()
			);
			return Ok(());
		},
		_ => {},
	}
	let conn = Conn::connect(&cli.url).await?;
	let ctx = Ctx { conn, keys };
	match cli.cmd {
		Cmd::Address | Cmd::Class { .. } | Cmd::Vk(VkCmd::Circuits) | Cmd::Demo(_) => {
			unreachable!()
		},
		Cmd::Account { address } => {
			let who = ctx.who(&address)?;
			let at = ctx.at().await?;
			let info = at
				.storage()
				.fetch(chain::storage().system().account(), (who,))
				.await?
				.decode()?;
			println!("{who}");
			println!("  free      {}", brev::format(info.data.free));
			println!("  reserved  {}", brev::format(info.data.reserved));
			println!("  frozen    {}", brev::format(info.data.frozen));
			println!("  nonce     {}", info.nonce);
		},
		Cmd::Transfer { to, amount } => {
			let call = chain::transactions().balances().transfer_keep_alive(
				subxt::utils::MultiAddress::Id(account(&to)?),
				brev::parse(&amount)?,
			);
			ctx.send("transfer", &call).await?;
		},
		Cmd::Vk(cmd) => vk(&ctx, cmd).await?,
		Cmd::Job(cmd) => job(&ctx, cmd).await?,
		Cmd::Prover(cmd) => prover(&ctx, cmd).await?,
		Cmd::Delegate { prover, amount } => {
			let call = chain::transactions()
				.prover_staking()
				.delegate(account(&prover)?, brev::parse(&amount)?);
			ctx.send("delegate", &call).await?;
		},
		Cmd::Undelegate { prover, amount } => {
			let call = chain::transactions()
				.prover_staking()
				.undelegate(account(&prover)?, brev::parse(&amount)?);
			ctx.send("undelegate", &call).await?;
		},
		Cmd::Withdraw { prover } => {
			let call = chain::transactions().prover_staking().withdraw_unbonded(account(&prover)?);
			ctx.send("withdraw", &call).await?;
		},
		Cmd::Claim { prover } => {
			let call = chain::transactions().prover_staking().claim_rewards(account(&prover)?);
			let events = ctx.send("claim", &call).await?;
			for ev in events.find::<chain::prover_staking::events::RewardsClaimed>() {
				let ev = ev?;
				println!("claimed {}", brev::format(ev.amount));
			}
		},
		Cmd::Rewards { prover, staker } => {
			let staker = ctx.who(&staker)?;
			let at = ctx.at().await?;
			let pending = view(
				&at,
				chain::view_functions()
					.prover_staking()
					.pending_rewards_of(staker, account(&prover)?),
			)
			.await?;
			println!("{staker} can claim {} from {prover}", brev::format(pending));
		},
		Cmd::Gov(cmd) => gov(&ctx, cmd).await?,
		Cmd::Market(cmd) => market(&ctx, cmd).await?,
	}
	Ok(())
}

async fn vk(ctx: &Ctx, cmd: VkCmd) -> Result<()> {
	match cmd {
		VkCmd::Register { circuit, file, attested, zkvm, dir } => {
			use chain::runtime_types::provernet_primitives::proofs::ProofSystem;
			let key = match (circuit, file, &zkvm, dir) {
				(Some(c), None, _, None) => demo::by_name(&c)?.key,
				(None, Some(f), _, None) => read_bytes(&f)?,
				(None, None, Some(z), Some(d)) => zkvm::artifacts(z, &d)?.key,
				_ => bail!("give --circuit NAME, --file PATH, or --zkvm SYSTEM --dir PATH"),
			};
			let (system, id) = if attested {
				let mut pre = vec![1u8];
				pre.extend_from_slice(&key);
				(ProofSystem::Attested, sp_crypto_hashing::blake2_256(&pre))
			} else if let Some(z) = &zkvm {
				let wrapper = zkvm::wrapper(z)?;
				(ProofSystem::Zkvm(zkvm::chain_wrapper(wrapper)), zkvm::key_id(wrapper, &key))
			} else {
				(ProofSystem::Groth16Bn254, demo::groth16_key_id(&key))
			};
			let call = chain::transactions().proof_verifier().register_verifying_key(system, key);
			ctx.send("register key", &call).await?;
			println!("key 0x{}", hex::encode(id));
		},
		VkCmd::Verify { key, zkvm, dir, statement, proof } => {
			let program = match (&zkvm, &dir) {
				(Some(z), Some(d)) => Some(zkvm::artifacts(z, d)?),
				_ => None,
			};
			let id = match (&key, &program) {
				(Some(k), _) => key_id(k)?,
				(None, Some(a)) => zkvm::key_id(a.wrapper, &a.key),
				(None, None) => bail!("give --key ID, or --zkvm SYSTEM --dir PATH"),
			};
			let statement = match (statement, &program) {
				(Some(f), _) => read_bytes(&f)?,
				(None, Some(a)) => a.statement.clone(),
				(None, None) => bail!("give --statement PATH"),
			};
			let proof = match (proof, &program) {
				(Some(f), _) => read_bytes(&f)?,
				(None, Some(a)) => a.proof.clone(),
				(None, None) => bail!("give --proof PATH"),
			};
			let call = chain::transactions().proof_verifier().verify(id, statement, proof);
			ctx.send("verify", &call).await?;
		},
		VkCmd::Show { key } => {
			let id = key_id(&key)?;
			let at = ctx.at().await?;
			match view(&at, chain::view_functions().proof_verifier().key_info(id)).await? {
				Some(info) => {
					println!("key 0x{}", hex::encode(id));
					println!("  system         {:?}", info.system);
					println!("  public inputs  {}", info.public_inputs);
					println!("  proof size     {} bytes", info.proof_size);
					println!("  security       {} bits", info.security_bits);
					println!("  registrant     {}", info.registrant);
					println!("  deposit        {}", brev::format(info.deposit));
					println!("  open jobs      {}", info.open_jobs);
					use chain::runtime_types::provernet_primitives::proofs::ProofSystem;
					if let ProofSystem::Zkvm(w) = &info.system {
						let bytes = chain::storage().proof_verifier().key_bytes();
						if let Some(b) = at.storage().try_fetch(bytes, (id,)).await? {
							for line in zkvm::describe_key(zkvm::from_chain(w), &b.decode()?.0)? {
								println!("  {line}");
							}
						}
					}
				},
				None => bail!("no key 0x{} is registered", hex::encode(id)),
			}
		},
		VkCmd::Unregister { key } => {
			let call =
				chain::transactions().proof_verifier().unregister_verifying_key(key_id(&key)?);
			ctx.send("unregister key", &call).await?;
		},
		VkCmd::Circuits => unreachable!(),
	}
	Ok(())
}

fn parse_stage(spec: &str, head: u64) -> Result<StageSpec<u128, u32>> {
	let mut key = None;
	let mut size = None;
	let mut max_fee = None;
	let (mut latency, mut stake) = (0u8, 0u8);
	let mut inputs = None;
	let mut deps = Vec::new();
	let mut deadline = None;
	for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
		let (k, v) = part
			.split_once('=')
			.with_context(|| format!("stage part `{part}` is not key=value"))?;
		match k {
			"key" => key = Some(key_id(v)?),
			"size" => size = Some(v.parse::<u32>().context("size is a whole number (proof-gas units)")?),
			"max-fee" | "max_fee" | "fee" => max_fee = Some(brev::parse(v)?),
			"latency" => latency = v.parse().context("latency tier")?,
			"stake" => stake = v.parse().context("stake tier")?,
			"inputs" => inputs = Some(read_bytes(&PathBuf::from(v))?),
			"deps" => deps = v.split('+').map(|d| d.parse::<u8>().context("deps are stage indices, e.g. 0+1")).collect::<Result<_>>()?,
			"deadline" => deadline = Some(block_spec(v, head)?),
			other => bail!("unknown stage field `{other}` (key, size, max-fee, latency, stake, inputs, deps, deadline)"),
		}
	}
	Ok(StageSpec {
		key: key.context("every stage needs key=<key id or demo circuit>")?,
		latency_tier: latency,
		stake_tier: stake,
		size: size.context("every stage needs size=W")?,
		max_fee: max_fee.context("every stage needs max-fee=BREV")?,
		deadline,
		deps,
		public_inputs: inputs,
	})
}

fn block_spec(v: &str, head: u64) -> Result<u32> {
	let n = if let Some(rel) = v.strip_prefix('+') {
		head + rel.parse::<u64>().context("a deadline is a block number or +N blocks")?
	} else {
		v.parse::<u64>().context("a deadline is a block number or +N blocks")?
	};
	u32::try_from(n).context("block number too large")
}

fn lot_state(s: &LotState) -> String {
	match s {
		LotState::Waiting => "waiting for earlier stages".into(),
		LotState::Open { since } => format!("open since block {since}"),
		LotState::Assigned { prover, terms, due } => format!(
			"assigned to {prover}: the lot pays {} ({}/unit), the prover receives {}, due block {due}",
			brev::format(terms.lot_pays),
			brev::format(terms.lot_unit_price),
			brev::format(terms.ask_receives)
		),
		LotState::Attested { prover, accept_at, .. } => {
			format!("attested by {prover}, accepted at block {accept_at} unless disputed")
		},
		LotState::Disputed { prover, .. } => format!("disputed (prover {prover})"),
		LotState::Fulfilled { prover, paid } => {
			format!("fulfilled by {prover}, paid {}", brev::format(*paid))
		},
		LotState::Refunded => "refunded".into(),
	}
}

async fn show_job(ctx: &Ctx, requester: &AccountId32, index: u64) -> Result<Option<Vec<String>>> {
	let at = ctx.at().await?;
	let Some(job) = view(&at, chain::view_functions().job_escrow().job(*requester, index)).await?
	else {
		return Ok(None);
	};
	let lots = view(&at, chain::view_functions().job_escrow().job_lots(*requester, index)).await?;
	let mut lines = vec![format!(
		"job {index} of {requester}: deadline block {}, {} held{}",
		job.deadline,
		brev::format(job.held),
		if job.assigned_once { "" } else { ", never assigned (cancellable)" }
	)];
	for (id, lot) in lots {
		lines.push(format!(
			"  lot {id} (stage {}, class {} = {}, size {}, max fee {}): {}",
			lot.stage,
			lot.class,
			provernet_client::market::class_label(lot.class),
			lot.size,
			brev::format(lot.max_fee),
			lot_state(&lot.state)
		));
		if let Some(statement) = &lot.public_inputs {
			for line in provernet_client::market::statement_lines(lot.class, &statement.0) {
				lines.push(format!("    {line}"));
			}
		}
	}
	Ok(Some(lines))
}

async fn job(ctx: &Ctx, cmd: JobCmd) -> Result<()> {
	match cmd {
		JobCmd::Submit { index, stages, data, deadline } => {
			let head = ctx.conn.best_number().await?;
			let stages = stages.iter().map(|s| parse_stage(s, head)).collect::<Result<Vec<_>>>()?;
			let mut bytes = Vec::new();
			for f in &data {
				bytes.extend(read_bytes(f)?);
			}
			let total: u128 = stages.iter().map(|s| s.max_fee).sum();
			let call = chain::transactions().job_escrow().submit_job(
				index,
				stages,
				block_spec(&deadline, head)?,
				InputData::Inline(BoundedVec(bytes)),
			);
			let events = ctx.send("submit job", &call).await?;
			if let Some(ev) =
				events.find_first::<chain::job_escrow::events::JobSubmitted>().transpose()?
			{
				println!(
					"job {} posted: lots {:?}, {} held (max fees {})",
					ev.job,
					ev.lots.0,
					brev::format(ev.escrow),
					brev::format(total)
				);
			}
		},
		JobCmd::Show { index, requester } => {
			let r = ctx.who(&requester)?;
			match show_job(ctx, &r, index).await? {
				Some(lines) => lines.iter().for_each(|l| println!("{l}")),
				None => {
					bail!("no job {index} of {r} (finished jobs are removed; see their events)")
				},
			}
		},
		JobCmd::List { requester } => {
			let r = ctx.who(&requester)?;
			let at = ctx.at().await?;
			// A page at a time (the view returns at most 256).
			let mut jobs = Vec::new();
			loop {
				let after = jobs.last().copied();
				let page =
					view(&at, chain::view_functions().job_escrow().jobs_of(r.clone(), after, 256))
						.await?;
				let done = page.len() < 256;
				jobs.extend(page);
				if done {
					break;
				}
			}
			if jobs.is_empty() {
				println!("{r} has no open jobs");
			}
			for j in jobs {
				if let Some(lines) = show_job(ctx, &r, j).await? {
					lines.iter().for_each(|l| println!("{l}"));
				}
			}
		},
		JobCmd::Watch { index, requester, blocks } => {
			let r = ctx.who(&requester)?;
			let mut last: Option<Vec<String>> = None;
			let mut sub = ctx.conn.api.stream_best_blocks().await?;
			let mut seen = 0;
			while let Some(block) = sub.next().await {
				let block = block?;
				let now = show_job(ctx, &r, index).await?;
				match now {
					Some(lines) if Some(&lines) != last.as_ref() => {
						println!("block {}:", block.number());
						lines.iter().for_each(|l| println!("{l}"));
						last = Some(lines);
					},
					None => {
						println!(
							"block {}: job {index} finished (every lot fulfilled or refunded)",
							block.number()
						);
						return Ok(());
					},
					_ => {},
				}
				seen += 1;
				if seen >= blocks {
					bail!("job {index} not finished after {blocks} blocks");
				}
			}
		},
		JobCmd::Cancel { index } => {
			ctx.send("cancel job", &chain::transactions().job_escrow().cancel_job(index))
				.await?;
		},
		JobCmd::Accept { lot } => {
			ctx.send("accept", &chain::transactions().job_escrow().accept_attested(lot))
				.await?;
		},
		JobCmd::Dispute { lot } => {
			let events = ctx
				.send("dispute", &chain::transactions().job_escrow().dispute_attested(lot))
				.await?;
			if let Some(d) = events
				.find_first::<chain::job_escrow::events::AttestationDisputed>()
				.transpose()?
			{
				println!(
					"lot {lot} disputed: bond {} held; the judge rules by block {} (`gov rule`), else the proof stands",
					brev::format(d.bond),
					d.rule_by
				);
			}
		},
		JobCmd::Lot { lot } => {
			let at = ctx.at().await?;
			let Some(l) = view(&at, chain::view_functions().job_escrow().lot(lot)).await? else {
				bail!("no lot {lot}");
			};
			println!("lot {lot}: job {} of {}, stage {}", l.job, l.requester, l.stage);
			println!("  key       0x{}", hex::encode(l.key));
			println!("  class     {} (latency tier {})", l.class, l.latency_tier);
			println!("  size      {}", l.size);
			println!("  max fee   {}", brev::format(l.max_fee));
			println!("  stake     {}", brev::format(l.stake));
			println!("  deadline  block {}", l.deadline);
			println!("  misses    {}", l.misses);
			println!("  state     {}", lot_state(&l.state));
		},
	}
	Ok(())
}

async fn prover(ctx: &Ctx, cmd: ProverCmd) -> Result<()> {
	let tx = chain::transactions().prover_staking();
	match cmd {
		ProverCmd::Register { stake, commission, classes, metadata } => {
			let caps = classes
				.iter()
				.map(|c| {
					let (class, cap) =
						c.split_once(':').context("--class is CLASS:CAPACITY, e.g. 0:2")?;
					Ok(Capability {
						class: class.parse().context("class id")?,
						capacity: cap.parse().context("capacity")?,
					})
				})
				.collect::<Result<Vec<_>>>()?;
			let call = tx.register_prover(
				brev::parse(&stake)?,
				perbill(&commission)?,
				caps,
				metadata.into_bytes(),
			);
			ctx.send("register prover", &call).await?;
		},
		ProverCmd::Bond { amount } => {
			ctx.send("bond", &tx.bond_more(brev::parse(&amount)?)).await?;
		},
		ProverCmd::Unbond { amount } => {
			ctx.send("unbond", &tx.unbond(brev::parse(&amount)?)).await?;
		},
		ProverCmd::Commission { commission } => {
			ctx.send("commission", &tx.set_commission(perbill(&commission)?)).await?;
		},
		ProverCmd::Ask { ask: AskArgs { round, class, price, capacity } } => {
			let salt: [u8; 32] = rand::random();
			let price = brev::parse(&price)?;
			let c = provernet_client::agent::commitment(
				round,
				class,
				&ctx.me()?,
				price,
				capacity,
				salt,
			);
			ctx.send("commit ask", &chain::transactions().toda().commit_ask(round, class, c))
				.await?;
			println!(
				"salt 0x{} (reveal with the same round, class, price and capacity)",
				hex::encode(salt)
			);
		},
		ProverCmd::Reveal { ask: AskArgs { round, class, price, capacity }, salt } => {
			let bytes = hex::decode(salt.trim_start_matches("0x"))
				.context("the salt is 32 bytes of hex")?;
			let salt: [u8; 32] =
				bytes.try_into().map_err(|_| anyhow::anyhow!("the salt is 32 bytes"))?;
			let call = chain::transactions().toda().reveal_ask(
				round,
				class,
				brev::parse(&price)?,
				capacity,
				salt,
			);
			ctx.send("reveal ask", &call).await?;
		},
		ProverCmd::SubmitProof { lot, proof, digest, inputs } => {
			let proof = match (proof, digest) {
				(Some(f), None) => read_bytes(&f)?,
				(None, Some(d)) => {
					hex::decode(d.trim_start_matches("0x")).context("the digest is hex")?
				},
				_ => bail!("give --proof FILE or --digest HEX"),
			};
			let at = ctx.at().await?;
			let fixed = view(&at, chain::view_functions().job_escrow().lot(lot))
				.await?
				.with_context(|| format!("no lot {lot}"))?
				.public_inputs
				.map(|b| b.0);
			let inputs = match (inputs, fixed) {
				(Some(f), _) => read_bytes(&f)?,
				(None, Some(fixed)) => fixed,
				(None, None) => Vec::new(),
			};
			let events = ctx
				.send(
					"submit proof",
					&chain::transactions().job_escrow().submit_proof(lot, inputs, proof),
				)
				.await?;
			if let Some(s) =
				events.find_first::<chain::job_escrow::events::LotSettled>().transpose()?
			{
				println!(
					"lot {lot} settled: paid {}, to the prover {}, market fee {}, surplus {}, refunded {}",
					brev::format(s.paid),
					brev::format(s.to_prover),
					brev::format(s.fee),
					brev::format(s.surplus),
					brev::format(s.refunded)
				);
			}
			if let Some(a) = events
				.find_first::<chain::job_escrow::events::AttestationSubmitted>()
				.transpose()?
			{
				println!(
					"lot {lot} attested: accepted at block {} unless the requester disputes",
					a.accept_at
				);
			}
		},
		ProverCmd::Show { prover } => {
			let p = ctx.who(&prover)?;
			let at = ctx.at().await?;
			let views = chain::view_functions().prover_staking();
			let Some(info) = view(&at, views.prover_info(p)).await? else {
				bail!("{p} is not a registered prover");
			};
			println!("prover {p}");
			println!("  status       {:?}", info.status);
			println!("  commission   {}", brev::format_percent(info.commission.0));
			if let Some(next) = &info.pending_commission {
				println!(
					"  announced    {} from block {} (delegators may leave before)",
					brev::format_percent(next.commission.0),
					next.effective_at
				);
			}
			println!("  self-stake   {}", brev::format(info.self_stake));
			println!("  delegated    {}", brev::format(info.delegated));
			println!("  obligations  {}", brev::format(info.obligations));
			for c in &info.capabilities.0 {
				println!("  serves class {} with capacity {} per round", c.class, c.capacity);
			}
			if !info.metadata.0.is_empty() {
				println!("  metadata     {}", String::from_utf8_lossy(&info.metadata.0));
			}
			let delegators = read(&at, chain::storage().prover_staking().delegators_of(), (p,))
				.await?
				.map(|v| v.0)
				.unwrap_or_default();
			for d in delegators {
				let amount = read(
					&at,
					chain::storage().prover_staking().delegations(),
					(d.clone(), p.clone()),
				)
				.await?
				.unwrap_or(0);
				let pending = view(&at, views.pending_rewards_of(d, p)).await?;
				println!(
					"  delegation   {} from {d} (unclaimed rewards {})",
					brev::format(amount),
					brev::format(pending)
				);
			}
			let own = view(&at, views.pending_rewards_of(p, p)).await?;
			println!("  unclaimed    {} (the prover's own)", brev::format(own));
		},
	}
	Ok(())
}

/// A parameter assignment `KEY=VALUE` as the dynamic value of `RuntimeParameters`, typed from
/// the metadata: the key is found among the parameter groups, the value is parsed by its type
/// (BREV amounts, percentages, block counts, fixed-point factors, tier arrays).
async fn param_value(ctx: &Ctx, assignment: &str) -> Result<Value> {
	let (key, raw) = assignment
		.split_once('=')
		.context("a parameter is KEY=VALUE, e.g. MarketFee=2%")?;
	let metadata = ctx.conn.api.at_current_block().await?.metadata();
	let types = metadata.types();
	let set = metadata
		.pallet_by_name("MarketParams")
		.and_then(|p| p.call_variant_by_name("set"))
		.context("the runtime has no MarketParams.set")?;
	let params_ty = types.resolve(set.fields[0].ty.id).context("type")?;
	let scale_info::TypeDef::Variant(groups) = &params_ty.type_def else {
		bail!("unexpected parameters type")
	};
	let mut known = Vec::new();
	for group in &groups.variants {
		let inner = types.resolve(group.fields[0].ty.id).context("type")?;
		let scale_info::TypeDef::Variant(keys) = &inner.type_def else { continue };
		for k in &keys.variants {
			known.push(k.name.clone());
			if k.name != key.trim() {
				continue;
			}
			let value_field = &k.fields[1];
			let type_name: String =
				value_field.type_name.as_ref().map(|s| s.to_string()).unwrap_or_default();
			let value = match enum_variants(types, value_field.ty.id) {
				// An enum (the mechanism): one of its variant names, as the metadata lists them.
				Some(names) => {
					let name = names
						.iter()
						.find(|n| n.eq_ignore_ascii_case(raw.trim()))
						.with_context(|| format!("{key} is one of: {}", names.join(", ")))?;
					Value::unnamed_variant(name.clone(), [])
				},
				None => parse_param(&type_name, raw.trim())
					.with_context(|| format!("{key} takes {type_name}"))?,
			};
			return Ok(Value::unnamed_variant(
				group.name.clone(),
				[Value::unnamed_variant(
					k.name.clone(),
					[Value::unnamed_composite([]), Value::unnamed_variant("Some", [value])],
				)],
			));
		}
	}
	bail!("unknown parameter `{key}`; the parameters are: {}", known.join(", "))
}

/// The variant names of a parameter's value type when it is a field-less enum (`Option<E>`,
/// `E`'s variants), from the metadata; `None` for numbers, amounts and tiers.
fn enum_variants(types: &scale_info::PortableRegistry, id: u32) -> Option<Vec<String>> {
	let option = types.resolve(id)?;
	let scale_info::TypeDef::Variant(option) = &option.type_def else { return None };
	let some = option.variants.iter().find(|v| v.name == "Some")?;
	let inner = types.resolve(some.fields.first()?.ty.id)?;
	let scale_info::TypeDef::Variant(e) = &inner.type_def else { return None };
	e.variants
		.iter()
		.all(|v| v.fields.is_empty())
		.then(|| e.variants.iter().map(|v| v.name.clone()).collect())
}

/// The name of a field-less enum value inside a parameter (`Some(Adaptive)` → `Adaptive`).
fn variant_name_of<C>(v: &Value<C>) -> Option<String> {
	match &v.value {
		scale_value::ValueDef::Variant(var) if var.name == "Some" => {
			var.values.values().find_map(|x| match &x.value {
				scale_value::ValueDef::Variant(e) if e.values.is_empty() => Some(e.name.clone()),
				_ => None,
			})
		},
		scale_value::ValueDef::Variant(var) => var.values.values().find_map(variant_name_of),
		scale_value::ValueDef::Composite(c) => c.values().find_map(variant_name_of),
		_ => None,
	}
}

fn parse_param(type_name: &str, raw: &str) -> Result<Value> {
	let one = |t: &str, v: &str| -> Result<Value> {
		Ok(if t.contains("Perbill") {
			Value::unnamed_composite([Value::u128(u128::from(brev::parse_percent(v)?))])
		} else if t.contains("FixedU128") {
			Value::unnamed_composite([Value::u128(brev::parse(v)?)])
		} else if t.contains("Balance") {
			Value::u128(brev::parse(v)?)
		} else {
			Value::u128(v.parse::<u128>().context("a whole number")?)
		})
	};
	if type_name.contains('[') {
		let parts: Vec<&str> =
			raw.trim_matches(|c| c == '[' || c == ']').split(',').map(str::trim).collect();
		return Ok(Value::unnamed_composite(
			parts.iter().map(|p| one(type_name, p)).collect::<Result<Vec<_>>>()?,
		));
	}
	one(type_name, raw)
}

/// Each parameter's value type name (`Option<Perbill>`, `Option<[Balance; 3]>`, …) by key name,
/// from the metadata.
async fn param_types(ctx: &Ctx) -> Result<std::collections::BTreeMap<String, String>> {
	let metadata = ctx.conn.api.at_current_block().await?.metadata();
	let types = metadata.types();
	let call = metadata
		.pallet_by_name("MarketParams")
		.and_then(|p| p.call_variant_by_name("set"))
		.context("the runtime has no MarketParams.set")?;
	let mut out = std::collections::BTreeMap::new();
	let ty = types.resolve(call.fields[0].ty.id).context("type")?;
	if let scale_info::TypeDef::Variant(groups) = &ty.type_def {
		for g in &groups.variants {
			let inner = types.resolve(g.fields[0].ty.id).context("type")?;
			if let scale_info::TypeDef::Variant(keys) = &inner.type_def {
				for k in &keys.variants {
					let t: String = k
						.fields
						.get(1)
						.and_then(|f| f.type_name.as_ref())
						.map(|s| s.to_string())
						.unwrap_or_default();
					out.insert(k.name.clone(), t);
				}
			}
		}
	}
	Ok(out)
}

/// The key name of a `RuntimeParameters` (or its value) as a dynamic value: `Group(Key(…))`.
fn param_name<C>(v: &Value<C>) -> Option<String> {
	let scale_value::ValueDef::Variant(group) = &v.value else { return None };
	let inner = group.values.values().next()?;
	let scale_value::ValueDef::Variant(key) = &inner.value else { return None };
	Some(key.name.clone())
}

/// Every unsigned number inside a value, in order.
fn numbers_of<C>(v: &Value<C>, out: &mut Vec<u128>) {
	match &v.value {
		scale_value::ValueDef::Primitive(scale_value::Primitive::U128(n)) => out.push(*n),
		scale_value::ValueDef::Composite(c) => c.values().for_each(|x| numbers_of(x, out)),
		scale_value::ValueDef::Variant(var) => var.values.values().for_each(|x| numbers_of(x, out)),
		_ => {},
	}
}

/// A parameter's number by its type: BREV, a percentage, a fixed-point factor or a count.
fn format_param(type_name: &str, n: u128) -> String {
	if type_name.contains("Perbill") {
		brev::format_percent(n as u32)
	} else if type_name.contains("FixedU128") {
		brev::format(n).replace(" BREV", "×")
	} else if type_name.contains("Balance") {
		brev::format(n)
	} else if type_name.contains("BlockNumber") {
		format!("{n} blocks")
	} else {
		n.to_string()
	}
}

async fn gov(ctx: &Ctx, cmd: GovCmd) -> Result<()> {
	match cmd {
		GovCmd::Params => {
			let at = ctx.at().await?;
			let types = param_types(ctx).await?;
			let call =
				subxt::dynamic::view_function_call::<(), Value>("MarketParams", "parameters", ());
			let all = view(&at, call).await?;
			let set = {
				let addr = subxt::dynamic::storage::<(Value,), Value>("Parameters", "Parameters");
				let mut entries = at.storage().iter(addr, ()).await?;
				let mut keys = std::collections::BTreeSet::new();
				while let Some(entry) = entries.next().await {
					keys.insert(param_name(&entry?.value().decode()?).unwrap_or_default());
				}
				keys
			};
			println!(
				"the market's parameters at block {} (* = set by governance, else the default):",
				at.block_number()
			);
			if let scale_value::ValueDef::Composite(list) = &all.value {
				for entry in list.values() {
					let Some(name) = param_name(entry) else { continue };
					let ty = types.get(&name).cloned().unwrap_or_default();
					let mut numbers = Vec::new();
					numbers_of(entry, &mut numbers);
					let shown: Vec<String> = match variant_name_of(entry) {
						Some(name) if numbers.is_empty() => vec![name],
						_ => numbers.iter().map(|n| format_param(&ty, *n)).collect(),
					};
					let mark = if set.contains(&name) { "*" } else { " " };
					println!("  {mark} {name:<20} {}", shown.join(", "));
				}
			}
		},
		GovCmd::SudoSet { param } => {
			let inner =
				subxt::dynamic::tx("MarketParams", "set", vec![param_value(ctx, &param).await?]);
			sudo(ctx, "sudo set", &inner).await?;
		},
		GovCmd::Propose { param, no_deposit } => {
			let inner =
				subxt::dynamic::tx("MarketParams", "set", vec![param_value(ctx, &param).await?]);
			let index = propose(ctx, &inner, !no_deposit).await?;
			println!("referendum {index} proposes {param}");
		},
		GovCmd::Rule { lot, ruling, sudo: at_once } => {
			let upheld = match ruling.as_str() {
				"upheld" | "uphold" => true,
				"rejected" | "reject" => false,
				other => bail!("a ruling is `upheld` or `rejected`, not `{other}`"),
			};
			let inner = subxt::dynamic::tx(
				"JobEscrow",
				"rule_dispute",
				vec![Value::u128(u128::from(lot)), Value::bool(upheld)],
			);
			let what = format!("lot {lot}: dispute {}", if upheld { "upheld" } else { "rejected" });
			judicial(ctx, &inner, &what, at_once).await?;
		},
		GovCmd::Jail { prover, sudo: at_once } => {
			let inner = chain::transactions().prover_staking().jail(account(&prover)?);
			judicial(ctx, &inner, &format!("{prover} jailed"), at_once).await?;
		},
		GovCmd::Unjail { prover, sudo: at_once } => {
			let inner = chain::transactions().prover_staking().unjail(account(&prover)?);
			judicial(ctx, &inner, &format!("{prover} unjailed"), at_once).await?;
		},
		GovCmd::CancelSlash { id, reason, sudo: at_once } => {
			let inner = subxt::dynamic::tx(
				"Slashing",
				"cancel_slash",
				vec![Value::u128(u128::from(id)), Value::from_bytes(reason.as_bytes())],
			);
			judicial(ctx, &inner, &format!("slash {id} cancelled"), at_once).await?;
		},
		GovCmd::JudgeVote { motion, vote } => {
			let aye = match vote.as_str() {
				"aye" | "yes" => true,
				"nay" | "no" => false,
				other => bail!("a vote is aye or nay, not `{other}`"),
			};
			judge_vote(ctx, motion, aye).await?;
		},
		GovCmd::Judges => {
			let at = ctx.at().await?;
			let judges = chain::storage().judges();
			let members = at.storage().fetch(judges.members(), ()).await?.decode()?;
			println!("{} judges (two thirds rule):", members.len());
			for m in &members {
				println!("  {m}");
			}
			let hashes = at.storage().fetch(judges.proposals(), ()).await?.decode()?;
			for hash in hashes.0 {
				if let Some(v) = at.storage().try_fetch(judges.voting(), (hash,)).await? {
					let v = v.decode()?;
					println!(
						"  motion {}: {} ayes, {} nays of {} needed, open until block {}",
						v.index,
						v.ayes.len(),
						v.nays.len(),
						v.threshold,
						v.end
					);
				}
			}
		},
		GovCmd::Vote { referendum, vote, amount, conviction } => {
			let aye = match vote.as_str() {
				"aye" | "yes" => true,
				"nay" | "no" => false,
				other => bail!("a vote is aye or nay, not `{other}`"),
			};
			let conviction = match conviction {
				0 => Conviction::None,
				1 => Conviction::Locked1x,
				2 => Conviction::Locked2x,
				3 => Conviction::Locked3x,
				4 => Conviction::Locked4x,
				5 => Conviction::Locked5x,
				6 => Conviction::Locked6x,
				_ => bail!("conviction is 0..=6"),
			};
			let v = Vote(u8::from(aye) << 7 | conviction as u8);
			let call = chain::transactions().conviction_voting().vote(
				referendum,
				AccountVote::Standard { vote: v, balance: brev::parse(&amount)? },
			);
			ctx.send("vote", &call).await?;
		},
		GovCmd::Referendum { referendum } => {
			let at = ctx.at().await?;
			let addr = subxt::dynamic::storage::<(Value,), Value>("Referenda", "ReferendumInfoFor");
			match at.storage().try_fetch(addr, (Value::u128(u128::from(referendum)),)).await? {
				Some(v) => println!("referendum {referendum}: {}", v.decode()?),
				None => bail!("no referendum {referendum}"),
			}
		},
	}
	Ok(())
}

async fn decode_call(ctx: &Ctx, call_data: &[u8]) -> Result<Value> {
	let metadata = ctx.conn.api.at_current_block().await?.metadata();
	let call_ty = metadata.outer_enums().call_enum_ty();
	let value = scale_value::scale::decode_as_type(&mut &call_data[..], call_ty, metadata.types())
		.map_err(|e| anyhow::anyhow!("cannot decode the call: {e}"))?;
	Ok(value.remove_context())
}

fn report_sudo(events: &Events, metadata: &subxt::Metadata) -> Result<()> {
	for ev in events.find::<chain::sudo::events::Sudid>() {
		if let Err(e) = ev?.sudo_result {
			bail!("sudo dispatched the call and it failed: {}", error_name(&e, metadata));
		}
	}
	Ok(())
}

/// `Pallet.Error: docs` for a module error, else its debug form.
fn error_name(
	e: &chain::runtime_types::sp_runtime::DispatchError,
	metadata: &subxt::Metadata,
) -> String {
	use chain::runtime_types::sp_runtime::DispatchError as E;
	match e {
		E::Module(m) => metadata
			.pallet_by_error_index(m.index)
			.and_then(|p| p.error_variant_by_index(m.error[0]).map(|v| (p.name().to_string(), v)))
			.map(|(p, v)| format!("{p}.{}: {}", v.name, v.docs.join(" ")))
			.unwrap_or_else(|| format!("module error {:?}", m)),
		other => format!("{other:?}"),
	}
}

async fn market(ctx: &Ctx, cmd: MarketCmd) -> Result<()> {
	let at = ctx.at().await?;
	let views = chain::view_functions().toda();
	match cmd {
		MarketCmd::Round { round } => {
			let round = match round {
				Some(r) => r,
				None => view(&at, views.current_round()).await?,
			};
			let Some(info) = view(&at, views.round(round)).await? else {
				bail!("no round {round} (old rounds are removed once settled)");
			};
			println!("round {round} at block {}: {:?}", at.block_number(), info.status);
			println!("  commit   blocks {}..{}", info.commit_from, info.commit_until);
			println!("  reveal   until {}", info.reveal_until);
			println!(
				"  clearing until {}, fallback until {}",
				info.clearing_until, info.fallback_until
			);
			println!("  mechanism {:?}, fee {}", info.mechanism, brev::format_percent(info.fee.0));
			if info.fingerprint.is_some() {
				println!("  snapshot: {} asks, {} lots", info.asks, info.lots);
			}
		},
		MarketCmd::Prices { class } => {
			let history = view(&at, views.price_history(class)).await?;
			if history.is_empty() {
				println!("class {class} has not cleared yet");
			}
			for p in history {
				let reference =
					p.reference_price.map_or_else(|| "none (nothing crossed)".into(), brev::format);
				println!(
					"round {}: {} of {} lots traded with {} asks; lots paid {}/unit, asks cleared at {}/unit; competitive price {reference}/unit",
					p.round, p.volume, p.lots, p.asks, brev::format(p.lot_unit_price), brev::format(p.ask_unit_price)
				);
			}
			let view_posted = views.posted_price(class);
			match view(&at, view_posted).await? {
				Some(p) => println!("posted price for thin rounds: {}/unit", brev::format(p)),
				None => println!("no posted price yet (no recorded round crossed)"),
			}
		},
		MarketCmd::Lots { class } => {
			let lots =
				view(&at, chain::view_functions().job_escrow().open_lots_of(class, 100)).await?;
			println!(
				"{} open lots in class {class} ({})",
				lots.len(),
				provernet_client::market::class_label(class)
			);
			for l in lots {
				println!(
					"  lot {}: size {}, max fee {} ({}/unit), obligation {}",
					l.id,
					l.size,
					brev::format(l.max_fee),
					brev::format(l.max_fee / u128::from(l.size.max(1))),
					brev::format(l.stake)
				);
			}
		},
		MarketCmd::Assignments { round } => {
			let round = match round {
				Some(r) => r,
				None => at
					.storage()
					.try_fetch(chain::storage().toda().last_cleared(), ())
					.await?
					.context("no round has cleared yet")?
					.decode()?,
			};
			let list = view(&at, views.assignments(round)).await?;
			println!("round {round}: {} lots assigned", list.len());
			for (lot, class, prover, price) in list {
				println!("  lot {lot} (class {class}) → {prover} at {}/unit", brev::format(price));
			}
		},
	}
	Ok(())
}
