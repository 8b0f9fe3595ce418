// The market live, end to end, with the real clients: every user action goes through the
// `provernet` CLI and the provers are two `provernet-prover` agents proving real Groth16 proofs.
// A requester registers a key and posts three jobs (four lots); Bob (cheap, own stake) and
// Charlie (dearer, with Dave's delegation) bid through their agents; Charlie's agent is killed
// while it proves, its lot misses its deadline, Charlie and Dave are slashed, the lot is
// re-auctioned and Bob serves it. Every balance is then checked to the planck against the
// clearing prices the chain recorded, the fee rate and the slash parameters.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aConcat, stringToU8a } from '@polkadot/util';
import {
  startNode, connect, stopNode, cliAt, startAgent as startAgentIn, waitLog, eventsBetween as eventsBetweenOf, waitEvent as waitEventOf,
} from './lib.mjs';

const BREV = 10n ** 18n;
let node, api, url, dir, cli;
const agents = [];

before(async () => {
  node = await startNode(['--dev'], 'market');
  api = await connect(node);
  url = `ws://127.0.0.1:${node.rpcPort}`;
  cli = cliAt(url);
  dir = mkdtempSync(join(tmpdir(), 'provernet-market-'));
});

after(async () => {
  for (const a of agents) a.proc.kill('SIGKILL');
  await api?.disconnect();
  await stopNode(node);
  rmSync(dir, { recursive: true, force: true });
});

const startAgent = async (name, suri, unitCost, capacity) => {
  const agent = await startAgentIn(dir, url, name, suri, unitCost, capacity);
  agents.push(agent);
  return agent;
};
const eventsBetween = (from, to) => eventsBetweenOf(api, from, to);
const waitEvent = (pick, ms) => waitEventOf(api, pick, ms);

const total = async (who) => {
  const { data } = await api.query.system.account(who);
  return data.free.toBigInt() + data.reserved.toBigInt();
};
const palletAccount = (id) => api.createType('AccountId32', u8aConcat(stringToU8a(`modl${id}`), new Uint8Array(20))).toString();

test('requester, two provers and a delegator trade through the CLI and the agents; a stopped agent is slashed and its lot served by the other', async () => {
  const [alice, bob, charlie, dave, eve, ferdie] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'];
  const addr = {};
  for (const s of [alice, bob, charlie, dave, eve, ferdie]) addr[s] = (await cli(s, 'address')).trim();
  // A short proving window (10 blocks) and slashes at the next block, for the test.
  await cli(alice, 'gov', 'sudo-set', 'LatencyTiers=10,600,7200');
  await cli(alice, 'gov', 'sudo-set', 'SlashDeferral=0');
  // This story is told in McAfee's terms (multi-unit asks, the reduced case): governance selects
  // the mechanism by its name in the metadata; any other name is refused with the list.
  await cli(alice, 'gov', 'sudo-set', 'Mechanism=McAfee');
  await assert.rejects(() => cli(alice, 'gov', 'sudo-set', 'Mechanism=Walras'), /Mechanism is one of: McAfee, Sbba, Muda, Vcg, VickreyMuda, Adaptive/);
  await assert.rejects(() => cli(alice, 'gov', 'sudo-set', 'Mechanism=Vcg'), /MarketParams\.RunsADeficit/);
  const params = await cli(null, 'gov', 'params');
  assert.match(params, /\* LatencyTiers +10 blocks, 600 blocks, 7200 blocks/);
  assert.match(params, /\* Mechanism +McAfee/);
  // Ferdie registers the verifying key the jobs use; registering it twice is refused by name.
  const reg = await cli(ferdie, 'vk', 'register', '--circuit', 'chain-4096x4');
  const key = reg.match(/key (0x[0-9a-f]{64})/)[1];
  await assert.rejects(() => cli(ferdie, 'vk', 'register', '--circuit', 'chain-4096x4'), /ProofVerifier\.AlreadyRegistered: This key is already registered/);
  assert.match(await cli(null, 'vk', 'show', key), /public inputs {2}4/);
  // Bob and Charlie stake 5,000 BREV each; Dave delegates 5,000 to Charlie.
  await cli(bob, 'prover', 'register', '--stake', '5000', '--commission', '10%', '--class', '0:2', '--metadata', 'bob');
  await cli(charlie, 'prover', 'register', '--stake', '5000', '--commission', '10%', '--class', '0:2');
  await cli(dave, 'delegate', addr[charlie], '5000');
  assert.match(await cli(null, 'prover', 'show', addr[charlie]), /delegated {4}5,000 BREV/);
  await assert.rejects(() => cli(dave, 'undelegate', addr[bob], '1'), /ProverStaking\.\w+/);

  const watched = [alice, bob, charlie, dave, eve, ferdie].map((s) => addr[s]);
  const treasury = palletAccount('py/trsry');
  const pot = palletAccount('py/prvst');
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  const before = new Map();
  for (const a of [...watched, treasury, pot]) before.set(a, await total(a));

  // Eve posts three jobs (four lots of w = 12,288, the chain-4096x4 circuit) at 0.5, 0.45,
  // 0.4 and 0.35 BREV per unit, with the inputs and secrets from files.
  const W = 12288n;
  const files = join(dir, 'inputs');
  await cli(null, 'demo', 'inputs', '--circuit', 'chain-4096x4', '--seed', '1', '--out', files);
  const inputs = join(files, 'chain-4096x4-1.inputs');
  const secret = join(files, 'chain-4096x4-1.secret');
  const stage = (fee) => `key=${key},size=${W},max-fee=${fee},inputs=${inputs}`;
  await cli(eve, 'job', 'submit', '--index', '1', '--stage', stage('6144'), '--data', secret);
  await cli(eve, 'job', 'submit', '--index', '2', '--stage', stage('5529.6'), '--data', secret);
  await cli(eve, 'job', 'submit', '--index', '3', '--stage', stage('4915.2'), '--stage', stage('4300.8'), '--data', secret, '--data', secret);
  await assert.rejects(() => cli(eve, 'job', 'submit', '--index', '1', '--stage', stage('1'), '--data', secret), /JobEscrow\.JobIndexInUse/);
  const listed = await cli(eve, 'job', 'list');
  assert.equal((listed.match(/open since block/g) ?? []).length, 4, listed);

  // The agents start after the jobs, so all four lots are in one round: McAfee trades three
  // (two to Bob's cheaper units, one to Charlie) at the fourth lot's bid, 0.35 BREV per unit.
  const bobAgent = await startAgent('bob', bob, '0.05', 2);
  const charlieAgent = await startAgent('charlie', charlie, '0.08', 2);
  const proving = await waitLog(charlieAgent, (e) => e.event === 'proving', 240_000);
  charlieAgent.proc.kill('SIGKILL');
  const lost = proving.lot;
  await waitLog(bobAgent, (e) => e.event === 'submitted', 120_000);

  // Charlie's lot misses its deadline: slashed (Charlie and Dave pro rata), Eve compensated,
  // the lot reopened, and Bob wins and serves it in a later round.
  const missed = await waitEvent((e) => api.events.jobEscrow.DeadlineMissed.is(e) && e.data.lot.toNumber() === lost && e.data, 120_000);
  assert.equal(missed.prover.toString(), addr[charlie]);
  const slashed = await waitEvent((e) => api.events.slashing.Slashed.is(e) && e.data.lot.toNumber() === lost && e.data, 60_000);
  const settled = await waitEvent((e) => api.events.jobEscrow.LotSettled.is(e) && e.data.lot.toNumber() === lost && e.data, 240_000);
  assert.equal(settled.prover.toString(), addr[bob], 'the other prover served the re-auctioned lot');
  await waitLog(bobAgent, (e) => e.event === 'submitted' && e.lot === lost, 30_000);

  // Bob claims his rewards through the CLI; stop the agent so nothing else moves.
  bobAgent.proc.kill('SIGKILL');
  const claimed = await cli(bob, 'claim', addr[bob]);
  const end = (await api.rpc.chain.getHeader()).number.toNumber();

  // The books, from the chain's events and recorded prices.
  const events = await eventsBetween(start + 1, end);
  const fees = new Map();
  let forfeits = new Map();
  const assignedAt = new Map();
  const paid = [];
  let bobClaimed = 0n;
  for (const { event } of events) {
    if (api.events.transactionPayment.TransactionFeePaid.is(event)) {
      const who = event.data.who.toString();
      fees.set(who, (fees.get(who) ?? 0n) + event.data.actualFee.toBigInt());
    }
    if (api.events.toda.BondForfeited.is(event)) {
      const who = event.data.prover.toString();
      forfeits.set(who, (forfeits.get(who) ?? 0n) + event.data.amount.toBigInt());
    }
    if (api.events.jobEscrow.LotAssigned.is(event)) assignedAt.set(event.data.lot.toNumber(), event.data.terms);
    if (api.events.jobEscrow.LotSettled.is(event)) paid.push(event.data);
    if (api.events.proverStaking.RewardsClaimed.is(event) && event.data.staker.toString() === addr[bob]) {
      bobClaimed += event.data.amount.toBigInt();
    }
  }
  // Every settlement pays exactly the terms its lot was (last) assigned on: the requester the
  // lot's price, the prover side the ask's price less the fee, the treasury the fee and the
  // mechanism's surplus. The first round is McAfee's reduced case (no fifth order, so the fourth
  // trade is dropped): the lots pay the fourth lot's bid, 0.35 BREV/unit, and the provers receive
  // the fourth ask, Charlie's 0.08 grossed up by the 1 % fee (⌈0.08·10⁶/990,000⌉ BREV/unit).
  const history = (await api.query.toda.priceHistory(0)).map((p) => p.lotUnitPrice.toBigInt());
  const grossUp = (a) => (a * 1_000_000n + 989_999n) / 990_000n;
  let sumPaid = 0n, sumToProver = 0n, sumToTreasury = 0n;
  for (const p of paid) {
    const terms = assignedAt.get(p.lot.toNumber());
    assert.ok(history.includes(terms.lotUnitPrice.toBigInt()), `lot ${p.lot} was assigned at a recorded clearing price`);
    assert.equal(p.paid.toBigInt(), terms.lotPays.toBigInt());
    assert.equal(p.toProver.toBigInt(), terms.askReceives.toBigInt());
    assert.equal(p.fee.toBigInt(), terms.fee.toBigInt());
    assert.equal(p.surplus.toBigInt(), terms.lotPays.toBigInt() - terms.askGross.toBigInt());
    assert.equal(terms.fee.toBigInt(), terms.askGross.toBigInt() / 100n, 'the round\'s 1 % of the ask\'s gross');
    assert.equal(terms.askReceives.toBigInt() + terms.fee.toBigInt(), terms.askGross.toBigInt());
    assert.equal(p.prover.toString(), addr[bob]);
    sumPaid += p.paid.toBigInt();
    sumToProver += p.toProver.toBigInt();
    sumToTreasury += p.fee.toBigInt() + p.surplus.toBigInt();
  }
  const first = paid.filter((p) => p.lot.toNumber() !== lost);
  assert.equal(first.length, 2);
  for (const p of first) {
    const terms = assignedAt.get(p.lot.toNumber());
    assert.equal(terms.lotUnitPrice.toBigInt(), 35n * BREV / 100n, 'McAfee reduced case: the lots pay ρ(k), 0.35 BREV/unit');
    assert.equal(terms.askUnitPrice.toBigInt(), grossUp(8n * BREV / 100n), 'and the provers receive a(k), not the lots\' price');
    assert.equal(terms.lotPays.toBigInt(), 35n * BREV / 100n * W);
    assert.equal(terms.askGross.toBigInt(), grossUp(8n * BREV / 100n) * W);
  }
  assert.equal(paid.length, 3, 'three lots served: two in the first round, the re-auctioned one later');
  // Never a second proof for a lot: every submitProof in these blocks is for a different lot.
  const proofsPerLot = new Map();
  for (let n = start + 1; n <= end; n++) {
    const block = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(n));
    for (const ex of block.block.extrinsics) {
      if (ex.method.section === 'jobEscrow' && ex.method.method === 'submitProof') {
        const lot = ex.method.args[0].toNumber();
        proofsPerLot.set(lot, (proofsPerLot.get(lot) ?? 0) + 1);
      }
    }
  }
  assert.deepEqual([...proofsPerLot.values()], [1, 1, 1], `one proof per served lot: ${[...proofsPerLot]}`);
  assert.ok(!proofsPerLot.has(undefined));
  // The slash: stake tier 0 (10 BREV) × 10 %, half to Eve; Charlie and Dave staked equally.
  assert.equal(slashed.slashed.toBigInt(), BREV);
  assert.equal(slashed.toRequester.toBigInt(), BREV / 2n);
  const rewards = sumToProver;
  assert.match(claimed, /claimed/);

  const delta = async (a) => (await total(a)) - before.get(a);
  const fee = (a) => fees.get(a) ?? 0n;
  const lostBond = (a) => forfeits.get(a) ?? 0n;
  assert.equal(await delta(addr[eve]), -sumPaid + BREV / 2n - fee(addr[eve]), 'requester: paid the clearing prices, compensated half the slash');
  // Bob (own stake only) claimed all his rewards but the reward-per-stake accumulator's rounding:
  // each reward floors `shared · 10¹⁸ / stake`, losing less than `stake / 10¹⁸` planck (5,000 for
  // his 5,000 BREV) per reward; that dust stays in the pot, so every planck is still accounted for.
  const dust = rewards - bobClaimed;
  assert.ok(dust >= 0n && dust < 3n * 5_000n, `accumulator dust ${dust}`);
  assert.equal(await delta(addr[bob]), bobClaimed - fee(addr[bob]) - lostBond(addr[bob]), 'Bob: his claimed rewards');
  assert.equal(await delta(addr[charlie]), -BREV / 2n - fee(addr[charlie]) - lostBond(addr[charlie]), 'Charlie: half the slash');
  assert.equal(await delta(addr[dave]), -BREV / 2n - fee(addr[dave]), 'Dave (delegator): half the slash');
  const allFees = [...fees.values()].reduce((a, b) => a + b, 0n);
  const allForfeits = [...forfeits.values()].reduce((a, b) => a + b, 0n);
  assert.equal(await delta(treasury), sumToTreasury + allFees + BREV / 2n + allForfeits, 'treasury: market fees and surplus, transaction fees, its share of the slash, forfeited bonds');
  assert.equal(await delta(pot), dust, 'the reward pot paid out everything but the rounding dust');
  // The fourth lot (0.35/unit, the one McAfee left out) is still open, its escrow held.
  const job3 = await cli(eve, 'job', 'show', '3');
  assert.match(job3, /open since block|assigned/);
});
