// Full-block run for the performance report (not part of the test command): do blocks filled to
// their weight limit keep their slots? Two validators (Alice and Bob, `--chain local`, Aura
// alternating, 3 s slots) on loopback; six prefunded accounts keep the pool stocked with the
// heaviest requester transaction (`submit_job` with 16 stages) so that every block is filled to
// the normal class's limit for `--blocks` blocks.
//
// Per block it records: the weight used (all classes, as a share of the block's limit), the
// author's time to build it ("Prepared block for proposing … (N ms)" in the author's log), when
// the other validator saw it (measured from the slot's start, i.e. the block's timestamp), and
// the Aura slot; a slot without a block on the best chain is a missed slot. Exit status 1 when a
// slot was missed or blocks were not full.
//
//   PROVERNET_NODE=…/release/provernet-node node full-blocks.mjs [--blocks 40] [--fill 1]
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { readFileSync } from 'node:fs';
import { startNode, connect, stopNode, peerIdOf, sendTx, NODE } from './lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const BLOCKS = Number(arg('blocks', '40'));
// The share of the normal class to fill (1 = full blocks; less to find the load a node sustains).
const FILL = Number(arg('fill', '1'));
const STAGES = 16;
const BREV = 10n ** 18n;
const ALICE_KEY = '0000000000000000000000000000000000000000000000000000000000000001';
const BOB_KEY = '0000000000000000000000000000000000000000000000000000000000000002';
const quantile = (xs, q) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

await cryptoWaitReady();
// The authors' "Prepared block" lines, by block number.
const prepared = new Map();
// Blocks an author built too late for its slot and threw away ("Discarding proposal"), per author.
const discarded = {};
const watch = (node) => {
  let rest = '';
  const scan = (chunk) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop();
    for (const line of lines) {
      const m = /Prepared block for proposing at (\d+) \((\d+) ms\)/.exec(line);
      if (m) prepared.set(Number(m[1]), { ms: Number(m[2]), by: node.name });
      if (/Discarding proposal for slot/.test(line)) discarded[node.name] = (discarded[node.name] || 0) + 1;
    }
  };
  node.proc.stdout.on('data', scan);
  node.proc.stderr.on('data', scan);
};
const EXTRA = (process.env.FULL_BLOCKS_NODE_ARGS || '').split(' ').filter(Boolean);
const alice = await startNode(['--chain', 'local', '--alice', '--node-key', ALICE_KEY, ...EXTRA], 'alice');
watch(alice);
const bootnode = `/ip4/127.0.0.1/tcp/${alice.p2pPort}/p2p/${peerIdOf(ALICE_KEY)}`;
const bob = await startNode(['--chain', 'local', '--bob', '--node-key', BOB_KEY, '--bootnodes', bootnode, ...EXTRA], 'bob');
watch(bob);
const apiA = await connect(alice);
const apiB = await connect(bob);
const api = apiA;

// When each validator first saw each block (as a new best head).
const seen = { alice: new Map(), bob: new Map() };
await apiA.rpc.chain.subscribeNewHeads((h) => { if (!seen.alice.has(h.number.toNumber())) seen.alice.set(h.number.toNumber(), Date.now()); });
await apiB.rpc.chain.subscribeNewHeads((h) => { if (!seen.bob.has(h.number.toNumber())) seen.bob.set(h.number.toNumber(), Date.now()); });

const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const senders = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map((u) => keyring.addFromUri(u));
const fixture = JSON.parse(readFileSync(new URL('./fixtures/chain-16x1.json', import.meta.url)));
const reg = await sendTx(api, api.tx.proofVerifier.registerVerifyingKey('Groth16Bn254', fixture.key), senders[5]);
const key = reg.find(({ event }) => api.events.proofVerifier.KeyRegistered.is(event)).event.data.key.toHex();

// Pre-signed transactions, so the client keeps up with the chain: one sender's nonces in order.
const head = (await api.rpc.chain.getHeader()).number.toNumber();
const weights = api.consts.system.blockWeights;
const maxBlock = weights.maxBlock.refTime.toBigInt();
const stage = { key, latencyTier: 0, stakeTier: 0, size: 10, maxFee: 2n * BREV, deadline: null, deps: [], publicInputs: fixture.inputs };
const probe = api.tx.jobEscrow.submitJob(0, Array(STAGES).fill(stage), head + 5_000, { Inline: '0x' });
const perTx = (await probe.paymentInfo(senders[0])).weight.refTime.toBigInt();
const normalMax = weights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
const perBlock = Math.floor(Number(normalMax / perTx) * FILL);
const total = perBlock * (BLOCKS + 4);
console.error(`[full] ${NODE}: block limit ${Number(maxBlock) / 1e9} ms, normal ${Number(normalMax) / 1e9} ms, submit_job(${STAGES}) ${Number(perTx) / 1e9} ms → ${perBlock} per block; signing ${total}`);
const nonces = await Promise.all(senders.map(async (s) => (await api.rpc.system.accountNextIndex(s.address)).toNumber()));
const queue = [];
for (let i = 0; i < total; i++) {
  const s = i % senders.length;
  const tx = api.tx.jobEscrow.submitJob(10_000 + i, Array(STAGES).fill(stage), head + 5_000, { Inline: '0x' });
  await tx.signAsync(senders[s], { nonce: nonces[s]++, era: 0 });
  queue.push(tx.toHex());
}

// Keep about three blocks' worth in the pool: refill on every new head.
let next = 0;
let failed = 0;
const refill = (n) => {
  const end = Math.min(queue.length, next + n);
  for (; next < end; next++) api.rpc.author.submitExtrinsic(queue[next]).catch(() => { failed++; });
};
const startBlock = (await api.rpc.chain.getHeader()).number.toNumber() + 1;
refill(3 * perBlock);
const done = new Promise((resolve) => {
  api.rpc.chain.subscribeNewHeads((h) => {
    const n = h.number.toNumber();
    refill(perBlock);
    if (n >= startBlock + BLOCKS) resolve();
  });
});
await done;
// Let Bob import the last blocks.
await new Promise((r) => setTimeout(r, 4000));

// Read back the best chain: slot, timestamp, weight used, extrinsics.
const rows = [];
let prevSlot = null;
for (let n = startBlock; n <= startBlock + BLOCKS; n++) {
  const hash = await api.rpc.chain.getBlockHash(n);
  const header = await api.rpc.chain.getHeader(hash);
  const pre = header.digest.logs.find((l) => l.isPreRuntime && l.asPreRuntime[0].toString() === 'aura');
  const slot = api.createType('u64', pre.asPreRuntime[1]).toNumber();
  const at = await api.at(hash);
  const bw = await at.query.system.blockWeight();
  const normal = bw.normal.refTime.toBigInt();
  const used = normal + bw.operational.refTime.toBigInt() + bw.mandatory.refTime.toBigInt();
  const timestamp = (await at.query.timestamp.now()).toNumber();
  const block = await api.rpc.chain.getBlock(hash);
  const signed = block.block.extrinsics.filter((x) => x.isSigned).length;
  const other = prepared.get(n)?.by === 'alice' ? 'bob' : 'alice';
  rows.push({
    n,
    slot,
    missedBefore: prevSlot === null ? 0 : slot - prevSlot - 1,
    signed,
    full: Number((normal * 1000n) / normalMax) / 10,
    used: Number((used * 1000n) / maxBlock) / 10,
    buildMs: prepared.get(n)?.ms ?? null,
    author: prepared.get(n)?.by ?? null,
    seenByOtherS: seen[other].has(n) ? (seen[other].get(n) - timestamp) / 1000 : null,
  });
  prevSlot = slot;
}
await apiA.disconnect();
await apiB.disconnect();
await stopNode(bob);
await stopNode(alice);

const missed = rows.reduce((a, r) => a + r.missedBefore, 0);
const fullRows = rows.filter((r) => r.full >= 90 * FILL);
const builds = rows.map((r) => r.buildMs).filter((x) => x !== null);
const seenOther = rows.map((r) => r.seenByOtherS).filter((x) => x !== null);
const summary = {
  blocks: rows.length,
  slots: rows[rows.length - 1].slot - rows[0].slot + 1,
  missed,
  fullBlocks: fullRows.length,
  meanSignedPerBlock: +(rows.reduce((a, r) => a + r.signed, 0) / rows.length).toFixed(1),
  meanFull: +(rows.reduce((a, r) => a + r.full, 0) / rows.length).toFixed(1),
  meanUsed: +(rows.reduce((a, r) => a + r.used, 0) / rows.length).toFixed(1),
  maxUsed: Math.max(...rows.map((r) => r.used)),
  buildMsMedian: quantile(builds, 0.5),
  buildMsMax: Math.max(...builds),
  seenByOtherMedianS: quantile(seenOther, 0.5),
  seenByOtherMaxS: Math.max(...seenOther),
  rejected: failed,
  discarded,
};
console.log(JSON.stringify({ summary, rows }, null, 1));
console.log(`\n| blocks | slots | missed slots | blocks with the normal class ≥ 90 % full | block weight used, mean / max | signed tx / block | build median / max (ms) | seen by the other validator, median / max (s after slot start) |`);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
console.log(`| ${summary.blocks} | ${summary.slots} | ${summary.missed} | ${summary.fullBlocks} | ${summary.meanUsed} % / ${summary.maxUsed} % | ${summary.meanSignedPerBlock} | ${summary.buildMsMedian} / ${summary.buildMsMax} | ${summary.seenByOtherMedianS} / ${summary.seenByOtherMaxS} |`);
process.exit(missed === 0 && fullRows.length >= rows.length * 0.8 ? 0 : 1);
