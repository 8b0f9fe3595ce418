// A scripted TODA round on a --dev node: three provers post sealed asks in three classes, reveal
// them, and the node's own offchain worker clears the round; the lots end assigned at the prices
// the TODA library computes — recomputed here, outside the chain, from the snapshot the chain
// kept (`clear-snapshot`, built by scripts/test.sh). Then an attested lot of that round is
// disputed by its requester and ruled by the judge through the provernet CLI.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, blake2AsU8a } from '@polkadot/util-crypto';
import { startNode, connect, stopNode, sendTx, zkvmFixtures } from './lib.mjs';

const BREV = 10n ** 18n;
const TARGET = process.env.CARGO_TARGET_DIR ?? `${process.env.HOME}/.cache/provernet/target`;
const CLEAR_SNAPSHOT = `${TARGET}/debug/examples/clear-snapshot`;
const CLI = `${TARGET}/debug/provernet`;
let node, api;
// The attested lot the round assigned (the dispute test's).
let attestedLot = null;

before(async () => {
  await cryptoWaitReady();
  node = await startNode(['--dev'], 'auction');
  api = await connect(node);
});

after(async () => {
  await api?.disconnect();
  await stopNode(node);
});

// Explicit nonces so one account can have several transactions in flight.
const nonces = new Map();
const initNonces = async (accounts) => {
  for (const a of accounts) nonces.set(a.address, (await api.rpc.system.accountNextIndex(a.address)).toNumber());
};
const send = (tx, who) => {
  const nonce = nonces.get(who.address);
  nonces.set(who.address, nonce + 1);
  return sendTx(api, tx, who, nonce);
};

/**
 * Resolves with the first event (of any block from now on) that `pick` returns truthy for. Reads
 * every block's events by hash as heads arrive, filling any gap in the numbers, so an event in a
 * block that was best only briefly (or skipped by a coalesced storage notification) is not missed.
 */
const nextEvent = (pick, ms) => new Promise((resolve, reject) => {
  let done = false;
  let unsub;
  let last = null;
  const finish = (fn) => { done = true; clearTimeout(timer); unsub?.(); fn(); };
  const timer = setTimeout(() => finish(() => reject(new Error('event not seen in time'))), ms);
  const scan = async (n) => {
    const hash = await api.rpc.chain.getBlockHash(n);
    for (const { event } of await api.query.system.events.at(hash)) {
      const hit = pick(event);
      if (hit && !done) { finish(() => resolve(hit)); return; }
    }
  };
  api.rpc.chain.subscribeNewHeads(async (h) => {
    const n = h.number.toNumber();
    const from = last === null ? n : last + 1;
    last = Math.max(last ?? n, n);
    for (let b = from; b <= n && !done; b++) await scan(b).catch(() => {});
  }).then((u) => { unsub = u; if (done) u(); });
});

test('three provers bid in four classes, a lone lot among them, and the offchain worker clears the round', async () => {
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/chain-16x1.json', import.meta.url)));
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [bob, charlie, dave, eve, ferdie] = ['//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map((u) => keyring.addFromUri(u));
  await initNonces([bob, charlie, dave, eve, ferdie]);
  // Classes: Groth16 (system 0) with latency tier 0 and stake tiers 0, 1 and 2; attested (system 1);
  // SP1 v6 (system 5, issue 21), whose lot is a real SP1 program's proof from ../shared/fixtures.
  // Class D has a lone lot and two asks: trade reduction would never serve it (issue 18).
  const A = 0, B = 1, D = 2, C = 1 << 16, Z = 5 << 16;
  const registered = (events) => events.find(({ event }) => api.events.proofVerifier.KeyRegistered.is(event)).event.data.key.toHex();
  const key = registered(await send(api.tx.proofVerifier.registerVerifyingKey('Groth16Bn254', fixture.key), ferdie));
  const attestedKey = registered(await send(api.tx.proofVerifier.registerVerifyingKey('Attested', '0x' + '61'.repeat(16)), ferdie));
  // An SP1 v6 key: program vkey ‖ vk root ‖ gnark key (primitives/zk/src/zkvm.rs).
  const sp1 = join(zkvmFixtures(), 'sp1-v6.0.0');
  const vkRoot = Buffer.from(JSON.parse(readFileSync(join(sp1, 'verifier_params.json'))).vk_root.replace(/^0x/, ''), 'hex');
  // (Hex: polkadot.js reads a Uint8Array argument as already SCALE-encoded, length first.)
  const hex = (b) => '0x' + Buffer.from(b).toString('hex');
  const sp1Key = hex(Buffer.concat([readFileSync(join(sp1, 'program_vkey.bin')), vkRoot, readFileSync(join(sp1, 'groth16_vk.bin'))]));
  const publicValuesBytes = readFileSync(join(sp1, 'public_values.bin'));
  const publicValues = hex(publicValuesBytes);
  const sp1ProofBytes = readFileSync(join(sp1, 'groth16_proof.bin'));
  const sp1Proof = hex(sp1ProofBytes);
  const zkvmKey = registered(await send(api.tx.proofVerifier.registerVerifyingKey({ Zkvm: 'Sp1V6' }, sp1Key), ferdie));
  await Promise.all([bob, charlie, dave].map((p) => send(api.tx.proverStaking.registerProver(
    5_000n * BREV, 50_000_000, [{ class: A, capacity: 2 }, { class: B, capacity: 2 }, { class: D, capacity: 1 }, { class: C, capacity: 1 }, { class: Z, capacity: 1 }], '',
  ), p)));
  // Eve posts three lots in class A, two in class B, two attested ones in class C and one in class
  // D (w = 10 each).
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  const stage = (stakeTier, maxFee) => ({ key, latencyTier: 0, stakeTier, size: 10, maxFee, deadline: null, deps: [], publicInputs: fixture.inputs });
  const attested = { key: attestedKey, latencyTier: 0, stakeTier: 0, size: 10, maxFee: 2n * BREV, deadline: null, deps: [], publicInputs: null };
  await Promise.all([
    send(api.tx.jobEscrow.submitJob(1, [stage(0, 2n * BREV)], head + 2000, { Inline: '0x' }), eve),
    send(api.tx.jobEscrow.submitJob(2, [stage(0, 2n * BREV)], head + 2000, { Inline: '0x' }), eve),
    send(api.tx.jobEscrow.submitJob(3, [stage(0, 2n * BREV)], head + 2000, { Inline: '0x' }), eve),
    send(api.tx.jobEscrow.submitJob(4, [stage(1, 3n * BREV)], head + 2000, { Inline: '0x' }), eve),
    send(api.tx.jobEscrow.submitJob(5, [stage(1, 3n * BREV)], head + 2000, { Inline: '0x' }), eve),
    send(api.tx.jobEscrow.submitJob(6, [attested], head + 2000, { Inline: '0x' }), eve),
    send(api.tx.jobEscrow.submitJob(7, [attested], head + 2000, { Inline: '0x' }), eve),
    send(api.tx.jobEscrow.submitJob(8, [stage(2, 3n * BREV)], head + 2000, { Inline: '0x' }), eve),
    send(api.tx.jobEscrow.submitJob(9, [{ ...stage(0, 3n * BREV), key: zkvmKey, publicInputs: publicValues }], head + 2000, { Inline: '0x' }), eve),
  ]);
  // Asks (unit prices per unit of w): class A 0.05 / 0.08 / 0.15 BREV, class B 0.10 / 0.12 BREV,
  // class D 0.10 / 0.20 BREV.
  const asks = [
    [bob, A, 5n * BREV / 100n, 2], [charlie, A, 8n * BREV / 100n, 2], [dave, A, 15n * BREV / 100n, 2],
    [bob, B, 10n * BREV / 100n, 1], [charlie, B, 12n * BREV / 100n, 1],
    [bob, C, 5n * BREV / 100n, 1], [charlie, C, 8n * BREV / 100n, 1],
    [bob, D, 10n * BREV / 100n, 1], [charlie, D, 20n * BREV / 100n, 1],
    [bob, Z, 10n * BREV / 100n, 1], [charlie, Z, 20n * BREV / 100n, 1],
  ];
  // Start at the opening of a round so the commits fit its window.
  const round = await nextEvent((e) => api.events.toda.RoundOpened.is(e) && e.data.round.toNumber(), 60_000);
  const salt = (i) => '0x' + String(i + 1).padStart(2, '0').repeat(32);
  const commitment = (who, cls, price, cap, i) => blake2AsU8a(api.createType(
    '(u64, u32, AccountId32, u128, u32, [u8; 32])', [round, cls, who.address, price, cap, salt(i)],
  ).toU8a());
  const reservedBefore = await Promise.all([bob, charlie, dave].map(async (p) => (await api.query.system.account(p.address)).data.reserved.toBigInt()));
  await Promise.all(asks.map(([who, cls, price, cap], i) => send(api.tx.toda.commitAsk(round, cls, commitment(who, cls, price, cap, i)), who)));
  const info = (await api.query.toda.rounds(round)).unwrap();
  // Wait for the reveal window, then reveal everything.
  await nextEvent((e) => api.events.toda.RoundOpened.is(e) && e.data.round.toNumber() === round + 1, 60_000);
  assert.ok((await api.rpc.chain.getHeader()).number.toNumber() >= info.commitUntil.toNumber() - 1);
  await Promise.all(asks.map(([who, cls, price, cap], i) => send(api.tx.toda.revealAsk(round, cls, price, cap, salt(i)), who)));
  const snapshot = await nextEvent((e) => api.events.toda.SnapshotTaken.is(e) && e.data.round.toNumber() === round && e.data, 60_000);
  assert.equal(snapshot.asks.toNumber(), 11);
  assert.equal(snapshot.lots.toNumber(), 9);
  // The node's offchain worker clears it (an authorized transaction: no submitter).
  const cleared = await nextEvent((e) => api.events.toda.RoundCleared.is(e) && e.data.round.toNumber() === round && e.data, 60_000);
  assert.ok(cleared.submitter.isNone, 'cleared by the offchain worker');
  assert.ok(cleared.assigned.toNumber() >= 2, `assigned ${cleared.assigned}`);
  // Every assignment is at its class's clearing price as recorded for the round.
  const jobs = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9].map(async (i) => (await api.query.jobEscrow.jobs(eve.address, i)).unwrap()));
  let assigned = 0;
  for (const [i, job] of jobs.entries()) {
    const lot = (await api.query.jobEscrow.lots(job.lots[0])).unwrap();
    if (!lot.state.isAssigned) continue;
    assigned += 1;
    const cls = [A, A, A, B, B, C, C, D, Z][i];
    if (cls === C) attestedLot = job.lots[0].toNumber();
    const history = await api.query.toda.priceHistory(cls);
    const point = history.find((p) => p.round.toNumber() === round);
    assert.ok(point, `price point for class ${cls}`);
    assert.equal(lot.state.asAssigned.terms.lotUnitPrice.toBigInt(), point.lotUnitPrice.toBigInt());
    assert.equal(lot.state.asAssigned.terms.askUnitPrice.toBigInt(), point.askUnitPrice.toBigInt());
    assert.ok([bob, charlie, dave].some((p) => p.address === lot.state.asAssigned.prover.toString()));
  }
  assert.equal(assigned, cleared.assigned.toNumber());
  // The lone lot of class D is served by the cheapest ask (Bob, 0.10) at the other ask's price
  // (Charlie's 0.20, grossed up by the 1 % fee): a second-price sale, not Bob's own price.
  const lone = (await api.query.jobEscrow.lots(jobs[7].lots[0])).unwrap();
  assert.ok(lone.state.isAssigned, 'the lone lot trades');
  assert.equal(lone.state.asAssigned.prover.toString(), bob.address);
  const second = (20n * BREV / 100n * 1_000_000n + 989_999n) / 990_000n;
  assert.equal(lone.state.asAssigned.terms.lotUnitPrice.toBigInt(), second);
  assert.equal(lone.state.asAssigned.terms.askUnitPrice.toBigInt(), second);
  assert.equal(lone.state.asAssigned.terms.lotPays.toBigInt(), second * 10n);
  // Independently: the library clears the snapshot the chain kept; the same lots at the same
  // prices, and the chain's record of the assignments agrees.
  const snapshotHex = (await api.query.toda.snapshots(round)).unwrap().toHex();
  // The round's mechanism is the chain's default (the adaptive switch), named in the metadata.
  const mechanism = info.mechanism.toString();
  assert.equal(mechanism, 'Adaptive');
  const trades = execFileSync(CLEAR_SNAPSHOT, [snapshotHex, mechanism]).toString().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(trades.length, cleared.assigned.toNumber());
  const recorded = new Map((await api.query.toda.assignments(round)).map(([lot, , , price]) => [lot.toString(), price.toBigInt()]));
  for (const t of trades) {
    assert.equal(recorded.get(String(t.lot)), BigInt(t.lot_unit_price), `lot ${t.lot}`);
    const lot = (await api.query.jobEscrow.lots(t.lot)).unwrap();
    // The lot carries the trade's terms exactly as the library computed them: what settlement pays.
    const terms = lot.state.asAssigned.terms;
    for (const [field, value] of [['lotUnitPrice', t.lot_unit_price], ['askUnitPrice', t.ask_unit_price], ['lotPays', t.lot_pays], ['askGross', t.ask_gross], ['fee', t.fee], ['askReceives', t.ask_receives]]) {
      assert.equal(terms[field].toBigInt(), BigInt(value), `lot ${t.lot} ${field}`);
    }
  }
  // The SP1 lot, like class D's, trades with two asks; its prover delivers the program's real
  // proof through the escrow: a changed public value is refused by name and pays nothing, the
  // proof of the fixed public values settles the lot.
  const sp1Lot = jobs[8].lots[0].toNumber();
  const sp1State = (await api.query.jobEscrow.lots(sp1Lot)).unwrap().state;
  assert.ok(sp1State.isAssigned, 'the SP1 lot trades');
  const sp1Prover = [bob, charlie, dave].find((p) => p.address === sp1State.asAssigned.prover.toString());
  // `job show` names the lot's system and shows the program's public values it fixed.
  const shown = (await promisify(execFile)(CLI, ['--url', `ws://127.0.0.1:${node.rpcPort}`, 'job', 'show', '9', '--requester', eve.address], { encoding: 'utf8' })).stdout;
  assert.match(shown, new RegExp(`lot ${sp1Lot} \\(stage 0, class ${Z} = sp1-v6, latency tier 0, stake tier 0`));
  assert.match(shown, /public values \(96 bytes\):\n {6}0x/);
  const changed = Buffer.from(publicValuesBytes);
  changed[changed.length - 1] ^= 1;
  await assert.rejects(send(api.tx.jobEscrow.submitProof(sp1Lot, hex(changed), sp1Proof), sp1Prover), /jobEscrow\.InputsMismatch/);
  const flipped = Buffer.from(sp1ProofBytes);
  flipped[0] ^= 1;
  await assert.rejects(send(api.tx.jobEscrow.submitProof(sp1Lot, publicValues, hex(flipped)), sp1Prover), /jobEscrow\.MalformedProof/);
  const settled = await send(api.tx.jobEscrow.submitProof(sp1Lot, publicValues, sp1Proof), sp1Prover);
  const paid = settled.find(({ event }) => api.events.jobEscrow.LotSettled.is(event));
  assert.ok(paid, 'LotSettled');
  assert.equal(paid.event.data.lot.toNumber(), sp1Lot);
  assert.equal(paid.event.data.paid.toBigInt(), sp1State.asAssigned.terms.lotPays.toBigInt());
  // Bid bonds are released.
  const reservedAfter = await Promise.all([bob, charlie, dave].map(async (p) => (await api.query.system.account(p.address)).data.reserved.toBigInt()));
  assert.deepEqual(reservedAfter, reservedBefore);
});

// The dispute lives in the escrow: the requester holds a bond, the judges (two of the three the
// genesis appoints) rule; upheld, the lot is refunded, the bond returned and the prover's violation goes to
// the slashing policy — one way, escrow → slashing → staking.
test('a disputed attested proof is ruled upheld by two judges through the CLI', async () => {
  assert.ok(attestedLot !== null, 'the round assigned an attested lot');
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [bob, charlie, dave, eve] = ['//Bob', '//Charlie', '//Dave', '//Eve'].map((u) => keyring.addFromUri(u));
  const url = `ws://127.0.0.1:${node.rpcPort}`;
  const cli = async (suri, ...args) => (await promisify(execFile)(CLI, ['--url', url, '--suri', suri, ...args], { encoding: 'utf8' })).stdout;
  const lot = (await api.query.jobEscrow.lots(attestedLot)).unwrap();
  const prover = [bob, charlie, dave].find((p) => p.address === lot.state.asAssigned.prover.toString());
  await send(api.tx.jobEscrow.submitProof(attestedLot, '0x', '0x' + '07'.repeat(32)), prover);
  const holds = async (id) => (await api.query.balances.holds(eve.address))
    .filter((h) => h.id.isJobEscrow && h.id.asJobEscrow[`is${id}`]).reduce((a, h) => a + h.amount.toBigInt(), 0n);
  const escrowBefore = await holds('JobEscrow');
  const disputed = await cli('//Eve', 'job', 'dispute', String(attestedLot));
  assert.match(disputed, /disputed: bond 10 BREV held; the judge rules by block \d+/);
  assert.equal(await holds('DisputeBond'), 10n * BREV);
  assert.ok((await api.query.jobEscrow.lots(attestedLot)).unwrap().state.isDisputed);
  const violation = nextEvent((e) => api.events.slashing.SlashDeferred.is(e) && e.data.lot.toNumber() === attestedLot && e.data, 60_000);
  // Alice, a judge, proposes the ruling and votes aye; a non-judge's vote is refused by name;
  // Bob's aye makes two of three, closes the motion and dispatches the ruling.
  const proposed = await cli('//Alice', 'gov', 'rule', String(attestedLot), 'upheld');
  const motion = proposed.match(/motion (\d+): lot \d+: dispute upheld\? it needs 2 of 3 judges' ayes/)[1];
  await assert.rejects(() => cli('//Ferdie', 'gov', 'judge-vote', motion, 'aye'), /Judges\.NotMember/);
  assert.match(await cli('//Bob', 'gov', 'judge-vote', motion, 'aye'), new RegExp(`motion ${motion}: done`));
  // Refunded in full, the bond back; the violation reported with the lot's stake tier × 10 %.
  assert.equal(await holds('DisputeBond'), 0n);
  assert.equal(await holds('JobEscrow'), escrowBefore - 2n * BREV);
  assert.equal((await api.query.jobEscrow.lots(attestedLot)).isNone, true);
  const reported = await violation;
  assert.equal(reported.prover.toString(), prover.address);
  assert.ok(reported.kind.isDisputeUpheld);
  assert.equal(reported.amount.toBigInt(), BREV);
});
