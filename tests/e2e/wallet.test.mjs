// Wallet compatibility: what polkadot.js (the library behind polkadot.js Apps and most Substrate
// wallets) does with ProverNet with no type definitions of ours. It decodes the V16 metadata,
// reads a job, a prover and a round through the `RuntimeViewFunction` runtime API (every type
// and id taken from the metadata), submits `delegate` signed by a dev account and checks the
// events; and an account exported from polkadot.js (encrypted JSON) signs with the `provernet`
// CLI.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aConcat, u8aToHex, hexToU8a, compactAddLength } from '@polkadot/util';
import { startNode, connect, stopNode, sendTx } from './lib.mjs';

const BREV = 10n ** 18n;
const TARGET = process.env.CARGO_TARGET_DIR ?? `${process.env.HOME}/.cache/provernet/target`;
const CLI = `${TARGET}/debug/provernet`;
let node, api, dir;

before(async () => {
  await cryptoWaitReady();
  node = await startNode(['--dev'], 'wallet');
  api = await connect(node);
  dir = mkdtempSync(join(tmpdir(), 'provernet-wallet-'));
});

after(async () => {
  await api?.disconnect();
  await stopNode(node);
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Calls view function `pallet.name` with `args` through `state_call`, the way any wallet can:
 * the query id, argument types and output type all come from the V16 metadata; the call is
 * `(id, Vec<u8> args)` and the answer `Result<Vec<u8>, ViewFunctionDispatchError>`.
 */
const view = async (pallet, name, ...args) => {
  const meta = api.runtimeMetadata.asLatest;
  const p = meta.pallets.find((x) => x.name.toString() === pallet);
  assert.ok(p, `pallet ${pallet} in the metadata`);
  const f = p.viewFunctions.find((x) => x.name.toString() === name);
  assert.ok(f, `view function ${pallet}.${name} in the metadata`);
  const input = u8aConcat(...f.inputs.map((arg, i) => api.registry.createType(api.registry.createLookupType(arg.type), args[i]).toU8a()));
  const raw = hexToU8a((await api.rpc.state.call('RuntimeViewFunction_execute_view_function', u8aToHex(u8aConcat(f.id, compactAddLength(input))))).toHex());
  assert.equal(raw[0], 0, `${pallet}.${name} answered Ok`);
  const bytes = api.registry.createType('Bytes', raw.slice(1)).toU8a(true);
  return api.registry.createType(api.registry.createLookupType(f.output), bytes);
};

test('polkadot.js reads jobs, provers and rounds from the metadata alone, delegates, and its exported keys sign with the CLI', async () => {
  assert.equal(api.runtimeMetadata.version, 16, 'V16 metadata (with view functions) decoded');
  assert.equal(api.registry.chainDecimals[0], 18);
  assert.equal(api.registry.chainTokens[0], 'BREV');
  // Everything below is built from the metadata: no `types` were given to ApiPromise.
  assert.ok(api.tx.proverStaking.delegate && api.tx.jobEscrow.submitJob && api.query.toda.rounds);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [bob, dave, eve, ferdie] = ['//Bob', '//Dave', '//Eve', '//Ferdie'].map((u) => keyring.addFromUri(u));

  // A prover and a job, from the wallet library.
  await sendTx(api, api.tx.proverStaking.registerProver(2_000n * BREV, 50_000_000, [{ class: 0, capacity: 3 }], 'bob'), bob);
  const key = '0x' + '11'.repeat(32);
  await assert.rejects(
    sendTx(api, api.tx.jobEscrow.submitJob(7, [{ key, latencyTier: 0, stakeTier: 0, size: 10, maxFee: BREV, deadline: null, deps: [], publicInputs: null }], 1_000, { Inline: '0x' }), eve),
    /jobEscrow\.UnknownKey/,
  );
  const fixture = (await import('./fixtures/chain-16x1.json', { with: { type: 'json' } })).default;
  const reg = await sendTx(api, api.tx.proofVerifier.registerVerifyingKey('Groth16Bn254', fixture.key), ferdie);
  const keyId = reg.find(({ event }) => api.events.proofVerifier.KeyRegistered.is(event)).event.data.key.toHex();
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  await sendTx(api, api.tx.jobEscrow.submitJob(7, [{ key: keyId, latencyTier: 0, stakeTier: 0, size: 10, maxFee: 2n * BREV, deadline: null, deps: [], publicInputs: fixture.inputs }], head + 500, { Inline: '0x' }), eve);

  // Reads through the runtime API.
  const job = await view('JobEscrow', 'job', eve.address, 7);
  assert.ok(job.isSome, 'job 7 found');
  assert.equal(job.unwrap().held.toBigInt(), 2n * BREV);
  const lots = await view('JobEscrow', 'job_lots', eve.address, 7);
  assert.equal(lots.length, 1);
  assert.ok(lots[0][1].state.isOpen);
  assert.equal(lots[0][1].key.toHex(), keyId);
  const prover = await view('ProverStaking', 'prover_info', bob.address);
  assert.ok(prover.isSome);
  assert.equal(prover.unwrap().selfStake.toBigInt(), 2_000n * BREV);
  assert.equal(prover.unwrap().capabilities[0].capacity.toNumber(), 3);
  const current = await view('Toda', 'current_round');
  const round = await view('Toda', 'round', current);
  assert.ok(round.isSome, `round ${current} found`);
  assert.ok(['Commit', 'Reveal', 'Clearing', 'Cleared', 'RolledOver'].includes(round.unwrap().status.type));
  assert.ok(round.unwrap().commitUntil.toNumber() > round.unwrap().commitFrom.toNumber());
  // The market's parameters in force (defaults included), as the CLI's `gov params` shows them.
  const params = await view('MarketParams', 'parameters');
  assert.equal(params.length, 26);
  const fee = params.find((p) => p.isMarket && p.asMarket.isMarketFee);
  assert.equal(fee.asMarket.asMarketFee[1].unwrap().toNumber(), 10_000_000, 'the default 1 % fee');
  const key_info = await view('ProofVerifier', 'key_info', keyId);
  assert.equal(key_info.unwrap().publicInputs.toNumber(), 1);
  // A view function with the wrong arguments is refused by the runtime, not mis-answered.
  const bad = hexToU8a((await api.rpc.state.call('RuntimeViewFunction_execute_view_function', u8aToHex(u8aConcat(new Uint8Array(32), compactAddLength(new Uint8Array(0)))))).toHex());
  assert.equal(bad[0], 1, 'an unknown view function id is an Err');

  // Dave delegates to Bob from the wallet library; the events say so and the views agree.
  const events = await sendTx(api, api.tx.proverStaking.delegate(bob.address, 300n * BREV), dave);
  const delegated = events.find(({ event }) => api.events.proverStaking.Delegated.is(event));
  assert.ok(delegated, 'Delegated event');
  assert.equal(delegated.event.data.amount.toBigInt(), 300n * BREV);
  assert.ok(events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)));
  const held = (await api.query.balances.holds(dave.address)).map((h) => [h.id.toJSON(), h.amount.toBigInt()]);
  assert.ok(held.some(([, amount]) => amount === 300n * BREV), `held ${JSON.stringify(held, (_, v) => typeof v === 'bigint' ? v.toString() : v)}`);
  const daves = await view('ProverStaking', 'delegations_of', dave.address, null, 256);
  assert.deepEqual(daves.map(([p, a]) => [p.toString(), a.toBigInt()]), [[bob.address, 300n * BREV]]);
  await assert.rejects(sendTx(api, api.tx.proverStaking.delegate(dave.address, BREV), bob), /proverStaking\.\w+/);

  // polkadot.js account export → the CLI signs with it (and refuses a wrong password).
  const file = join(dir, 'ferdie.json');
  writeFileSync(file, JSON.stringify(ferdie.toJson('correct horse')));
  const url = `ws://127.0.0.1:${node.rpcPort}`;
  const run = (...args) => promisify(execFile)(CLI, ['--url', url, ...args], { encoding: 'utf8' });
  assert.equal((await run('--keystore', file, '--password', 'correct horse', 'address')).stdout.trim(), ferdie.address);
  await assert.rejects(run('--keystore', file, '--password', 'wrong', 'address'), /cannot decrypt keystore/);
  const before = (await api.query.system.account(eve.address)).data.free.toBigInt();
  const out = (await run('--keystore', file, '--password', 'correct horse', 'transfer', eve.address, '1.25')).stdout;
  assert.match(out, /Balances\.Transfer/);
  const after = (await api.query.system.account(eve.address)).data.free.toBigInt();
  assert.equal(after - before, 125n * BREV / 100n);
});
