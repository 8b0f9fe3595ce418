// Load run for the performance report (not part of the test command; `scripts/perf-report.sh`
// runs it): a --dev node on loopback, three provers that commit and reveal every round, and a
// bounded, self-stopping client that submits jobs and sealed asks at increasing rates.
//
// Per rate it records: transactions accepted by the pool and included, per block; time from
// submission to inclusion (median, p95); time from a job's submission to its lot's assignment by
// a clearing; the node's CPU (share of one core) and resident memory. It stops at the first rate
// where the pool drops a transaction or delays them (p95 inclusion > 3 blocks, or not all
// included within 4 blocks after the rate ends) and reports that rate.
//
//   node perf-load.mjs [--seconds 15] [--rates 2,5,10,20,40,80,160]   (prints JSON and Markdown)
import { readFileSync } from 'node:fs';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, blake2AsU8a } from '@polkadot/util-crypto';
import { startNode, connect, stopNode, sendTx } from './lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SECONDS = Number(arg('seconds', '15'));
const RATES = arg('rates', '2,5,10,20,40,80,160').split(',').map(Number);
const BLOCK_MS = 3000;
const BREV = 10n ** 18n;
const REQUESTERS = 32;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs, q) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/** CPU ticks (user + system) and resident memory of a process, from /proc. */
function procStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  return { ticks, rssMiB: rss / 1024 };
}

await cryptoWaitReady();
const node = await startNode(['--dev', ...(process.env.LOAD_NODE_ARGS ? process.env.LOAD_NODE_ARGS.split(' ') : [])], 'load');
const api = await connect(node);
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const [alice, bob, charlie, dave, ferdie] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Ferdie'].map((u) => keyring.addFromUri(u));
const requesters = Array.from({ length: REQUESTERS }, (_, i) => keyring.addFromUri(`//LoadRequester${i}`));
const provers = [bob, charlie, dave];

// Explicit nonces, read once per account, so one account can have many transactions in flight.
const nonces = new Map();
for (const a of [alice, ferdie, ...provers, ...requesters]) {
  nonces.set(a.address, (await api.rpc.system.accountNextIndex(a.address)).toNumber());
}
const nonceOf = (a) => {
  const n = nonces.get(a.address);
  nonces.set(a.address, n + 1);
  return n;
};
const send = (tx, who) => sendTx(api, tx, who, nonceOf(who));

// Blocks: when each was seen and how many signed transactions it carried.
const blocks = new Map();
await api.rpc.chain.subscribeNewHeads(async (h) => {
  const n = h.number.toNumber();
  const block = await api.rpc.chain.getBlock(h.hash);
  const signed = block.block.extrinsics.filter((x) => x.isSigned).length;
  blocks.set(n, { at: Date.now(), signed });
});

// Setup: a key, funded requesters, three provers serving class 0 (Groth16, fastest tier, lowest
// stake tier) with room for many lots.
const fixture = JSON.parse(readFileSync(new URL('./fixtures/chain-16x1.json', import.meta.url)));
const reg = await send(api.tx.proofVerifier.registerVerifyingKey('Groth16Bn254', fixture.key), ferdie);
const key = reg.find(({ event }) => api.events.proofVerifier.KeyRegistered.is(event)).event.data.key.toHex();
await Promise.all(requesters.map((r) => send(api.tx.balances.transferKeepAlive(r.address, 10_000n * BREV), alice)));
await Promise.all(provers.map((p) => send(api.tx.proverStaking.registerProver(
  50_000n * BREV, 50_000_000, [{ class: 0, capacity: 5_000 }, { class: 1, capacity: 5_000 }], '',
), p)));
const CLASS = 0;

// The provers bid truthfully every round: commit when a round opens, reveal when the next opens.
const salt = (round, i) => blake2AsU8a(`salt-${round}-${i}`);
const prices = [5n * BREV / 100n, 6n * BREV / 100n, 7n * BREV / 100n];
const CAPACITY = 2_000;
const commitment = (who, round, cls, price, cap, s) => blake2AsU8a(api.createType(
  '(u64, u32, AccountId32, u128, u32, [u8; 32])', [round, cls, who.address, price, cap, s],
).toU8a());
const pending = [];
// The market is up once a snapshot holds the provers' asks: measuring starts then (a job sent
// earlier would wait for the provers' first round, which is start-up, not the market).
let marketUp;
const up = new Promise((r) => { marketUp = r; });
api.query.system.events((events) => {
  for (const { event } of events) {
    if (api.events.toda.SnapshotTaken.is(event) && event.data.asks.toNumber() > 0) marketUp();
    if (api.events.toda.RoundOpened.is(event)) {
      const round = event.data.round.toNumber();
      provers.forEach((p, i) => pending.push(send(api.tx.toda.commitAsk(round, CLASS, commitment(p, round, CLASS, prices[i], CAPACITY, salt(round, i))), p).catch(() => {})));
      if (round > 0) {
        const prev = round - 1;
        provers.forEach((p, i) => pending.push(send(api.tx.toda.revealAsk(prev, CLASS, prices[i], CAPACITY, salt(prev, i)), p).catch(() => {})));
      }
    }
    if (process.env.LOAD_DEBUG && api.events.system.ExtrinsicFailed.is(event)) {
      const e = event.data.dispatchError;
      const m = e.isModule ? api.registry.findMetaError(e.asModule) : null;
      console.error(`[load] ${Date.now() % 1_000_000} failed ${m ? `${m.section}.${m.name}` : e.toString()}`);
    }
    if (process.env.LOAD_DEBUG && (api.events.toda.SnapshotTaken.is(event) || api.events.toda.RoundCleared.is(event) || api.events.toda.RoundRolledOver.is(event) || api.events.toda.BondForfeited.is(event) || api.events.toda.AssignmentSkipped.is(event))) {
      console.error(`[load] ${Date.now() % 1_000_000} ${event.method} ${JSON.stringify(event.data.toHuman())}`);
    }
    if (api.events.jobEscrow.LotAssigned.is(event)) {
      const lot = event.data.lot.toString();
      const job = lotToJob.get(lot);
      if (job && !job.assignedAt) job.assignedAt = Date.now();
    }
    if (api.events.jobEscrow.JobSubmitted.is(event)) {
      const job = jobs.get(`${event.data.requester.toString()}/${event.data.job.toString()}`);
      if (job) for (const lot of event.data.lots) lotToJob.set(lot.toString(), job);
    }
  }
});

// Jobs by (requester, index), to follow their lots.
const jobs = new Map();
const lotToJob = new Map();

let jobIndex = 1_000;
const results = [];
await up;
let breaking = null;
for (const rate of RATES) {
  const txs = [];
  const before = procStats(node.proc.pid);
  const t0 = Date.now();
  const firstBlock = Math.max(...blocks.keys());
  const total = Math.round(rate * SECONDS);
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    const sent = Date.now();
    const rec = { sent, inBlock: null, error: null };
    txs.push(rec);
    let p;
    if (i % 4 === 3) {
      // A sealed ask (re-committing replaces the previous one; the bond is held once).
      const round = (await api.query.toda.currentRound()).toNumber();
      const who = provers[i % 3];
      p = send(api.tx.toda.commitAsk(round, 1, blake2AsU8a(`spam-${i}`)), who);
    } else {
      const who = requesters[i % REQUESTERS];
      const index = jobIndex++;
      const head = (await api.rpc.chain.getHeader()).number.toNumber();
      const job = { sent, assignedAt: null };
      jobs.set(`${who.address}/${index}`, job);
      rec.job = job;
      const stage = { key, latencyTier: 0, stakeTier: 0, size: 10, maxFee: 2n * BREV, deadline: null, deps: [], publicInputs: fixture.inputs };
      p = send(api.tx.jobEscrow.submitJob(index, [stage], head + 2_000, { Inline: '0x' }), who);
    }
    p.then(() => { rec.inBlock = Date.now(); }, (e) => {
      // Dispatch errors still mean inclusion; pool errors (dropped, invalid, full) do not.
      if (/^[a-zA-Z]+\.[A-Za-z]+$/.test(e.message)) rec.inBlock = Date.now(); else rec.error = e.message;
    });
  }
  const sendSeconds = (Date.now() - t0) / 1000;
  // Wait up to 4 blocks after the last submission for inclusion, then up to 3 rounds (≈ 60
  // blocks at most) for assignments of this rate's jobs.
  const deadline = Date.now() + 4 * BLOCK_MS;
  while (Date.now() < deadline && txs.some((t) => !t.inBlock && !t.error)) await sleep(200);
  const after = procStats(node.proc.pid);
  const lastBlock = Math.max(...blocks.keys());
  const latencies = txs.filter((t) => t.inBlock).map((t) => (t.inBlock - t.sent) / 1000);
  const perBlock = [...blocks.entries()].filter(([n]) => n > firstBlock && n <= lastBlock).map(([, b]) => b.signed);
  const wall = (Date.now() - t0) / 1000;
  const r = {
    rate,
    offered: total,
    sendSeconds: +sendSeconds.toFixed(1),
    included: latencies.length,
    dropped: txs.filter((t) => t.error).length,
    pending: txs.filter((t) => !t.inBlock && !t.error).length,
    errors: [...new Set(txs.filter((t) => t.error).map((t) => t.error))].slice(0, 3),
    maxPerBlock: Math.max(0, ...perBlock),
    meanPerBlock: perBlock.length ? +(perBlock.reduce((a, b) => a + b, 0) / perBlock.length).toFixed(1) : 0,
    inclusionMedianS: quantile(latencies, 0.5),
    inclusionP95S: quantile(latencies, 0.95),
    cpuCore: +(((after.ticks - before.ticks) / 100) / wall).toFixed(2),
    rssMiB: +after.rssMiB.toFixed(0),
    txs,
  };
  results.push(r);
  console.error(`[load] ${rate} tx/s: included ${r.included}/${r.offered}, dropped ${r.dropped}, p95 ${r.inclusionP95S}s, ${r.maxPerBlock} max/block, CPU ${r.cpuCore}, RSS ${r.rssMiB} MiB`);
  if (r.dropped > 0 || r.pending > 0 || (r.inclusionP95S ?? 0) > 3 * BLOCK_MS / 1000 || sendSeconds > SECONDS * 1.5) {
    breaking = rate;
    break;
  }
}

// Assignment latency: give the last rate's jobs up to two full rounds to be assigned.
await sleep(2 * 20 * BLOCK_MS);
for (const r of results) {
  const assigned = r.txs.filter((t) => t.job?.assignedAt).map((t) => (t.job.assignedAt - t.job.sent) / 1000);
  r.jobs = r.txs.filter((t) => t.job).length;
  r.assigned = assigned.length;
  r.assignmentMedianS = quantile(assigned, 0.5);
  r.assignmentP95S = quantile(assigned, 0.95);
  delete r.txs;
}
await Promise.allSettled(pending);
if (process.env.LOAD_DEBUG) (await import('node:fs')).writeFileSync('/tmp/load-node.log', node.logs());
await api.disconnect();
await stopNode(node);

const fmt = (x) => (x === null || x === undefined ? '–' : typeof x === 'number' ? String(+x.toFixed(2)) : String(x));
const lines = [
  '| offered tx/s | sent | included | dropped | max / mean tx per block | inclusion median / p95 (s) | jobs assigned | assignment median / p95 (s) | node CPU (cores) | node RSS (MiB) |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.rate} | ${r.offered} | ${r.included} | ${r.dropped} | ${r.maxPerBlock} / ${r.meanPerBlock} | ${fmt(r.inclusionMedianS)} / ${fmt(r.inclusionP95S)} | ${r.assigned}/${r.jobs} | ${fmt(r.assignmentMedianS)} / ${fmt(r.assignmentP95S)} | ${r.cpuCore} | ${r.rssMiB} |`),
  '',
  breaking === null
    ? `No rate up to ${RATES.at(-1)} tx/s made the pool drop or delay transactions.`
    : `First rate at which the pool dropped or delayed transactions: **${breaking} tx/s**${results.at(-1).errors.length ? ` (${results.at(-1).errors.join('; ')})` : ''}.`,
];
console.log(JSON.stringify({ seconds: SECONDS, rates: RATES, breaking, results }));
console.log(lines.join('\n'));
process.exit(0);
