// The prover agent skips work it cannot finish in time, and outlives its node: the node stops
// (its chain kept on disk) and comes back on the same port; the agent notices, retries with
// back-off, reconnects and bids again in the next rounds, without repeating a commitment.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, connect, stopNode, sendTx } from './lib.mjs';

const BREV = 10n ** 18n;
const TARGET = process.env.CARGO_TARGET_DIR ?? `${process.env.HOME}/.cache/provernet/target`;
let node, api, dir, agent;
const lines = [];

before(async () => {
  await cryptoWaitReady();
  dir = mkdtempSync(join(tmpdir(), 'provernet-restart-'));
  node = await startNode(['--dev'], 'restart', { basePath: join(dir, 'chain') });
  api = await connect(node);
});

after(async () => {
  agent?.kill('SIGKILL');
  await api?.disconnect();
  await stopNode(node);
  rmSync(dir, { recursive: true, force: true });
});

const waitLine = (pick, ms) => new Promise((resolve, reject) => {
  const started = Date.now();
  const poll = () => {
    const hit = lines.find(pick);
    if (hit) return resolve(hit);
    if (Date.now() - started > ms) return reject(new Error(`no such agent log line in ${ms} ms; last: ${JSON.stringify(lines.slice(-5))}`));
    setTimeout(poll, 200);
  };
  poll();
});

test('the agent skips a lot it cannot prove in time, reconnects after a node restart and keeps bidding', async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const [bob, eve, ferdie] = ['//Bob', '//Eve', '//Ferdie'].map((u) => keyring.addFromUri(u));
  await sendTx(api, api.tx.proverStaking.registerProver(2_000n * BREV, 0, [{ class: 0, capacity: 2 }], ''), bob);
  // Two lots of the demo chain-16x1 circuit, with the default proving window (100 blocks).
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/chain-16x1.json', import.meta.url)));
  const reg = await sendTx(api, api.tx.proofVerifier.registerVerifyingKey('Groth16Bn254', fixture.key), ferdie);
  const key = reg.find(({ event }) => api.events.proofVerifier.KeyRegistered.is(event)).event.data.key.toHex();
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  for (const [i, fee] of [[1, 3n], [2, 2n]]) {
    await sendTx(api, api.tx.jobEscrow.submitJob(i, [{ key, latencyTier: 0, stakeTier: 0, size: 10, maxFee: fee * BREV, deadline: null, deps: [], publicInputs: fixture.inputs }], head + 1000, { Inline: '0x' }), eve);
  }
  const config = join(dir, 'bob.toml');
  writeFileSync(config, [
    `endpoint = "ws://127.0.0.1:${node.rpcPort}"`, 'suri = "//Bob"', `state_dir = "${join(dir, 'bob')}"`,
    // A safety factor so large that no proof fits in 100 blocks: the agent must skip its lot.
    'safety = 1000000.0',
    '[[class]]', 'class = 0', 'unit_cost = "0.05"', 'capacity = 2',
  ].join('\n'));
  agent = spawn(`${TARGET}/debug/provernet-prover`, ['--config', config], { stdio: ['ignore', 'pipe', 'inherit'] });
  createInterface({ input: agent.stdout }).on('line', (l) => { try { lines.push(JSON.parse(l)); } catch { /* not ours */ } });
  const first = await waitLine((e) => e.event === 'committed', 90_000);
  // Bob is the class's only ask: the class's first three rounds (no history) trade nothing but
  // record their competitive price; the fourth posts their median and Bob's ask sells at it. The
  // agent judges its lots infeasible and skips them.
  const assigned = await waitLine((e) => e.event === 'assigned', 180_000);
  const skipped = await waitLine((e) => e.event === 'skipped', 30_000);
  // Both lots may be assigned in one round; the agent skips each, in whichever order.
  assert.ok(lines.some((e) => e.event === 'assigned' && e.lot === skipped.lot), `skipped lot ${skipped.lot} was assigned (first assigned: ${assigned.lot})`);
  assert.match(skipped.reason, /cannot be proved and included by block/);
  assert.ok(!lines.some((e) => e.event === 'proving'), 'no proving started');

  // The node goes away: the agent says so and retries.
  await api.disconnect();
  api = null;
  await stopNode(node);
  await waitLine((e) => e.event === 'disconnected', 30_000);
  await waitLine((e) => e.event === 'connect_failed', 30_000);
  assert.equal(agent.exitCode, null, 'the agent keeps running without its node');

  // Back on the same port with the same chain: the agent reconnects and bids in later rounds.
  const connectedBefore = lines.filter((e) => e.event === 'connected').length;
  node = await startNode(['--dev'], 'restart', { basePath: join(dir, 'chain'), rpcPort: node.rpcPort });
  api = await connect(node);
  await waitLine((e) => e.event === 'connected' && lines.filter((x) => x.event === 'connected').length > connectedBefore, 60_000);
  const later = await waitLine((e) => e.event === 'committed' && e.round > first.round, 120_000);
  assert.ok(later.round > first.round);
  // One commitment per round and class, before and after the restart.
  const committed = lines.filter((e) => e.event === 'committed').map((e) => `${e.round}/${e.class}`);
  assert.equal(new Set(committed).size, committed.length, `no round committed twice: ${committed}`);
  const state = JSON.parse(readFileSync(join(dir, 'bob', 'state.json'), 'utf8'));
  assert.ok(state.asks[String(later.round)], 'the sealed ask (its salt) is in the state file');
});
