// Market review H4 on a live chain: a malicious prover reveals price 0 with a large capacity,
// reads the public snapshot, and tries to back out before the clearing — chill, then drop the
// class — so that every trade it won would fail for free. Its revealed ask reserves its
// obligation room and pins it: both back-outs are refused by name (`ProverStaking.InAuction`),
// every trade of the round is assigned, nothing is skipped, and every lot the round traded — the
// malicious prover's wins and the honest provers' — is proved and paid.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNode, connect, stopNode, cliAt, startAgent, waitLog, eventsBetween, waitEvent } from './lib.mjs';

let node, api, url, dir, cli;
const agents = [];

before(async () => {
  node = await startNode(['--dev'], 'back-out');
  api = await connect(node);
  url = `ws://127.0.0.1:${node.rpcPort}`;
  cli = cliAt(url);
  dir = mkdtempSync(join(tmpdir(), 'provernet-back-out-'));
});

after(async () => {
  for (const a of agents) a.proc.kill('SIGKILL');
  await api?.disconnect();
  await stopNode(node);
  rmSync(dir, { recursive: true, force: true });
});

test('a prover that reveals price 0 cannot back out of the round: every lot is assigned and served', async () => {
  const [bob, charlie, dave, eve, ferdie] = ['//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'];
  const addr = {};
  for (const s of [bob, charlie, dave, eve]) addr[s] = (await cli(s, 'address')).trim();
  const reg = await cli(ferdie, 'vk', 'register', '--circuit', 'chain-256x2');
  const key = reg.match(/key (0x[0-9a-f]{64})/)[1];
  for (const p of [bob, charlie, dave]) {
    await cli(p, 'prover', 'register', '--stake', '5000', '--commission', '10%', '--class', '0:3');
  }
  // Eve posts four lots (w = 768, the chain-256x2 circuit) at 0.2 BREV per unit.
  const files = join(dir, 'inputs');
  await cli(null, 'demo', 'inputs', '--circuit', 'chain-256x2', '--seed', '1', '--out', files);
  const stage = `key=${key},size=768,max-fee=153.6,inputs=${join(files, 'chain-256x2-1.inputs')}`;
  for (const i of [1, 2, 3, 4]) {
    await cli(eve, 'job', 'submit', '--index', String(i), '--stage', stage, '--data', join(files, 'chain-256x2-1.secret'));
  }
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  const lots = new Set();
  for (const i of [1, 2, 3, 4]) {
    for (const l of (await api.query.jobEscrow.jobs(addr[eve], i)).unwrap().lots) lots.add(l.toNumber());
  }

  // Dave is the malicious one: price 0, capacity 3, and the back-out after each reveal.
  agents.push(await startAgent(dir, url, 'bob', bob, '0.05', 3));
  agents.push(await startAgent(dir, url, 'charlie', charlie, '0.08', 3));
  const mallory = await startAgent(dir, url, 'dave', dave, '0', 3, ['back_out = true']);
  agents.push(mallory);
  const chill = await waitLog(mallory, (e) => e.event.startsWith('back') && e.how === 'chill', 240_000);
  const dropClass = await waitLog(mallory, (e) => e.event.startsWith('back') && e.how === 'drop_class', 60_000);
  for (const attempt of [chill, dropClass]) {
    assert.equal(attempt.event, 'back_out_refused', JSON.stringify(attempt));
    assert.match(attempt.error, /ProverStaking\.InAuction/);
  }
  const round = chill.round;
  // Its round clears with Dave's wins assigned to Dave.
  const isCleared = (e) => api.events.toda.RoundCleared.is(e) && e.data.round.toNumber() === round && e.data;
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  const cleared = (await eventsBetween(api, start, head)).map(({ event }) => isCleared(event)).find(Boolean)
    ?? await waitEvent(api, isCleared, 120_000);
  assert.ok(cleared.assigned.toNumber() >= 1);
  const assigned = await api.query.toda.assignments(round);
  assert.equal(assigned.length, cleared.assigned.toNumber());
  const won = assigned.filter(([, , prover]) => prover.toString() === addr[dave]);
  assert.ok(won.length >= 1, 'the price-0 ask won lots');
  // (The thin round trades by unit McAfee — one lot per ask, the fourth pair reduced — and the
  // lots left over roll into later rounds; what must be served is every trade of this round.)
  lots.clear();
  for (const [lot] of assigned) lots.add(lot.toNumber());

  // Every lot the round traded is served and paid; the malicious prover, unable to back out,
  // serves its own.
  const settled = new Map();
  for (const { event: e } of await eventsBetween(api, start, (await api.rpc.chain.getHeader()).number.toNumber())) {
    if (api.events.jobEscrow.LotSettled.is(e) && lots.has(e.data.lot.toNumber())) {
      settled.set(e.data.lot.toNumber(), e.data.prover.toString());
    }
  }
  if (settled.size < lots.size) await waitEvent(api, (e) => {
    if (api.events.jobEscrow.LotSettled.is(e) && lots.has(e.data.lot.toNumber())) {
      settled.set(e.data.lot.toNumber(), e.data.prover.toString());
    }
    return settled.size === lots.size;
  }, 300_000);
  for (const [lot] of won) assert.equal(settled.get(lot.toNumber()), addr[dave], `lot ${lot} served by its winner`);
  const end = (await api.rpc.chain.getHeader()).number.toNumber();
  const events = (await eventsBetween(api, start, end)).map(({ event }) => event);
  const named = (section, name) => events.filter((e) => e.section === section && e.method === name);
  assert.deepEqual(named('toda', 'AssignmentSkipped').map((e) => e.data.toHuman()), [], 'no trade failed');
  assert.deepEqual(named('jobEscrow', 'DeadlineMissed').map((e) => e.data.toHuman()), [], 'no deadline missed');
  assert.equal(named('proverStaking', 'StatusChanged').length, 0, 'nobody chilled');
  // The prover is still registered for the class and active.
  const ledger = (await api.query.proverStaking.provers(addr[dave])).unwrap();
  assert.ok(ledger.status.isActive);
  assert.deepEqual(ledger.capabilities.map((c) => c.class.toNumber()), [0]);
});
