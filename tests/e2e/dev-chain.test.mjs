// A --dev node: finalizes blocks, tells wallets the token is BREV with 18 decimals, and takes a
// transfer signed by a wallet library, with the fee quoted and charged in BREV.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNode, connect, waitFinalized, stopNode, sendTx, cliAt, zkvmFixtures } from './lib.mjs';

const BREV = 10n ** 18n;
// The browser origins scripts/run.sh allows by default (issue 20: never `--rpc-cors all`).
const RUN_SH_CORS = readFileSync(new URL('../../scripts/run.sh', import.meta.url), 'utf8')
  .match(/RPC_CORS="\$\{RPC_CORS:-([^}]+)\}"/)[1];
let node, api;
const send = (tx, who) => sendTx(api, tx, who);

before(async () => {
  await cryptoWaitReady();
  node = await startNode(['--dev', '--rpc-cors', RUN_SH_CORS], 'dev');
  api = await connect(node);
});

after(async () => {
  await api?.disconnect();
  await stopNode(node);
});

test('the chain says BREV with 18 decimals', async () => {
  const props = await api.rpc.system.properties();
  assert.deepEqual(props.tokenSymbol.unwrap().toJSON(), ['BREV']);
  assert.deepEqual(props.tokenDecimals.unwrap().toJSON(), [18]);
  // What polkadot.js shows for amounts comes from these.
  assert.deepEqual(api.registry.chainTokens, ['BREV']);
  assert.deepEqual(api.registry.chainDecimals, [18]);
  assert.equal((await api.rpc.system.chain()).toString(), 'ProverNet Development');
  assert.equal(api.runtimeVersion.specName.toString(), 'provernet');
});

test('blocks are produced and at least 3 are finalized', async () => {
  const finalized = await waitFinalized(api, 3);
  assert.ok(finalized >= 3);
});

test('a wallet-signed transfer moves BREV and pays a quoted fee', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = keyring.addFromUri('//Alice');
  const fresh = keyring.addFromMnemonic(mnemonicGenerate());
  const amount = 5n * BREV;

  const before = (await api.query.system.account(fresh.address)).data.free.toBigInt();
  assert.equal(before, 0n);
  const nonceBefore = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();

  const tx = api.tx.balances.transferKeepAlive(fresh.address, amount);
  const info = await tx.paymentInfo(alice); // payment_queryInfo
  assert.ok(info.partialFee.toBigInt() > 0n, 'the fee is not zero');

  const aliceBefore = (await api.query.system.account(alice.address)).data.free.toBigInt();
  const events = await new Promise((resolve, reject) => {
    tx.signAndSend(alice, ({ status, events, dispatchError }) => {
      if (dispatchError) reject(new Error(dispatchError.toString()));
      if (status.isInBlock) resolve(events);
    }).catch(reject);
  });
  assert.ok(events.some(({ event }) => api.events.balances.Transfer.is(event)), 'Transfer event');
  const feeEvent = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
  assert.ok(feeEvent, 'TransactionFeePaid event');
  const fee = feeEvent.event.data[1].toBigInt();

  const after = (await api.query.system.account(fresh.address)).data.free.toBigInt();
  assert.equal(after, amount);
  const aliceAfter = (await api.query.system.account(alice.address)).data.free.toBigInt();
  assert.equal(aliceBefore - aliceAfter, amount + fee);
  assert.equal((await api.rpc.system.accountNextIndex(alice.address)).toNumber(), nonceBefore + 1);
});

test('a prover registers and a holder delegates from a wallet', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const bob = keyring.addFromUri('//Bob');
  const charlie = keyring.addFromUri('//Charlie');
  await send(api.tx.proverStaking.registerProver(1000n * BREV, 50_000_000, [{ class: 1, capacity: 2 }], 'bob'), bob);
  await send(api.tx.proverStaking.delegate(bob.address, 250n * BREV), charlie);
  const prover = (await api.query.proverStaking.provers(bob.address)).unwrap();
  assert.equal(prover.selfStake.toBigInt(), 1000n * BREV);
  assert.equal(prover.delegated.toBigInt(), 250n * BREV);
  assert.equal(prover.status.toString(), 'Active');
  // A clear, named error for bad input: registering twice.
  await assert.rejects(
    send(api.tx.proverStaking.registerProver(1000n * BREV, 0, [], ''), bob),
    /proverStaking\.AlreadyRegistered/,
  );
});

test('a verifying key is registered and a real Groth16 proof verifies through the host function', async () => {
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/chain-16x1.json', import.meta.url)));
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const dave = keyring.addFromUri('//Dave');
  const freeBefore = (await api.query.system.account(dave.address)).data.free.toBigInt();
  const events = await send(api.tx.proofVerifier.registerVerifyingKey('Groth16Bn254', fixture.key), dave);
  const registered = events.find(({ event }) => api.events.proofVerifier.KeyRegistered.is(event));
  assert.ok(registered, 'KeyRegistered event');
  const keyId = registered.event.data.key.toHex();
  const info = (await api.query.proofVerifier.keys(keyId)).unwrap();
  assert.equal(info.publicInputs.toNumber(), 1);
  assert.equal(info.proofSize.toNumber(), 128);
  assert.equal(info.securityBits.toNumber(), 100);
  // The deposit is on hold: 0.1 BREV + 1 mBREV per key byte.
  const keyLen = (fixture.key.length - 2) / 2;
  const deposit = BREV / 10n + BigInt(keyLen) * (BREV / 1000n);
  assert.equal(info.deposit.toBigInt(), deposit);
  assert.equal((await api.query.system.account(dave.address)).data.reserved.toBigInt(), deposit);
  assert.ok(freeBefore - (await api.query.system.account(dave.address)).data.free.toBigInt() > deposit);

  const verified = await send(api.tx.proofVerifier.verify(keyId, fixture.inputs, fixture.proof), dave);
  const ev = verified.find(({ event }) => api.events.proofVerifier.ProofVerified.is(event));
  assert.ok(ev, 'ProofVerified event');
  assert.equal(ev.event.data.settlement.toString(), 'Final');
  // The proof for other public inputs, a flipped proof byte: named errors.
  await assert.rejects(
    send(api.tx.proofVerifier.verify(keyId, fixture.otherInputs, fixture.proof), dave),
    /proofVerifier\.ProofRejected/,
  );
  const flipped = fixture.proof.slice(0, 10) + (fixture.proof[10] === '0' ? '1' : '0') + fixture.proof.slice(11);
  await assert.rejects(send(api.tx.proofVerifier.verify(keyId, fixture.inputs, flipped), dave), /proofVerifier\.\w+/);
  await assert.rejects(
    send(api.tx.proofVerifier.registerVerifyingKey('Groth16Bn254', fixture.key), dave),
    /proofVerifier\.AlreadyRegistered/,
  );
  // Unregistering returns the deposit.
  await send(api.tx.proofVerifier.unregisterVerifyingKey(keyId), dave);
  assert.equal((await api.query.system.account(dave.address)).data.reserved.toBigInt(), 0n);
});

test('a requester posts a job from a wallet: escrow held, named errors, cancel refunds', async () => {
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/chain-16x1.json', import.meta.url)));
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const ferdie = keyring.addFromUri('//Ferdie');
  const eve = keyring.addFromUri('//Eve');
  const reg = await send(api.tx.proofVerifier.registerVerifyingKey('Groth16Bn254', fixture.key), ferdie);
  const key = reg.find(({ event }) => api.events.proofVerifier.KeyRegistered.is(event)).event.data.key.toHex();
  const header = await api.rpc.chain.getHeader();
  const deadline = header.number.toNumber() + 1000;
  const stage = (maxFee) => ({
    key, latencyTier: 0, stakeTier: 0, size: 100, maxFee, deadline: null, deps: [], publicInputs: fixture.inputs,
  });
  const heldBefore = (await api.query.system.account(eve.address)).data.reserved.toBigInt();
  const events = await send(api.tx.jobEscrow.submitJob(1, [stage(2n * BREV), stage(3n * BREV)], deadline, { Inline: '0x01' }), eve);
  const submitted = events.find(({ event }) => api.events.jobEscrow.JobSubmitted.is(event));
  assert.ok(submitted, 'JobSubmitted event');
  assert.equal(submitted.event.data.escrow.toBigInt(), 5n * BREV);
  assert.equal((await api.query.system.account(eve.address)).data.reserved.toBigInt() - heldBefore, 5n * BREV);
  assert.equal(events.filter(({ event }) => api.events.jobEscrow.LotOpened.is(event)).length, 2);
  const job = (await api.query.jobEscrow.jobs(eve.address, 1)).unwrap();
  assert.equal(job.lots.length, 2);
  // Named errors for bad jobs; nothing is held for them.
  await assert.rejects(send(api.tx.jobEscrow.submitJob(1, [stage(2n * BREV)], deadline, { Inline: '0x' }), eve), /jobEscrow\.JobIndexInUse/);
  await assert.rejects(send(api.tx.jobEscrow.submitJob(2, [stage(1n)], deadline, { Inline: '0x' }), eve), /jobEscrow\.FeeTooLow/);
  await assert.rejects(send(api.tx.jobEscrow.submitJob(3, [stage(2n * BREV)], header.number.toNumber() + 5, { Inline: '0x' }), eve), /jobEscrow\.DeadlineTooSoon/);
  // Cancelling before any assignment refunds in full.
  const cancelled = await send(api.tx.jobEscrow.cancelJob(1), eve);
  assert.ok(cancelled.some(({ event }) => api.events.jobEscrow.JobCancelled.is(event)));
  assert.equal((await api.query.system.account(eve.address)).data.reserved.toBigInt(), heldBefore);
  assert.ok((await api.query.jobEscrow.jobs(eve.address, 1)).isNone);
});

test('BREV holders change the market fee by referendum on the market_params track', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [alice, ...voters] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map((u) => keyring.addFromUri(u));
  const setFee = api.tx.marketParams.set({ Market: { MarketFee: [null, 20_000_000] } }); // 2 %
  // A signed account is not governance: a named error.
  await assert.rejects(send(setFee, alice), /BadOrigin/);
  const index = (await api.query.referenda.referendumCount()).toNumber();
  await send(api.tx.referenda.submit({ MarketParams: 'MarketParams' }, { Inline: setFee.method.toHex() }, { After: 1 }), alice);
  await send(api.tx.referenda.placeDecisionDeposit(index), alice);
  // Listen before voting: it may be decided and enacted while the last votes land.
  const updatedEvent = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no parameters.Updated within 150 s')), 150_000);
    api.query.system.events((events) => {
      const e = events.find(({ event }) => api.events.parameters.Updated.is(event));
      if (e) { clearTimeout(timer); resolve(e.event); }
    });
  });
  // Every well-known account votes aye with all it has, held (delegated, bonded) BREV included.
  for (const v of [alice, ...voters]) {
    const total = (await api.query.system.account(v.address)).data;
    const balance = total.free.toBigInt() + total.reserved.toBigInt() - 20n * BREV;
    // Once support passes the track's curve (25 % falling to a 1 % floor) the referendum
    // confirms in 2 blocks: a late voter finds it decided.
    try {
      await send(api.tx.convictionVoting.vote(index, { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance } }), v);
    } catch (e) {
      if (/NotOngoing/.test(String(e))) break;
      throw e;
    }
  }
  // The parameter change (confirm 2 blocks, enact 1 block later).
  const updated = await updatedEvent;
  assert.equal(updated.data.newValue.toJSON().market.marketFee, 20_000_000);
  const info = (await api.query.referenda.referendumInfoFor(index)).unwrap();
  assert.ok(info.isApproved, `referendum ${index} approved`);
});

test('the RPC answers the browser origins run.sh allows and no others', async () => {
  assert.ok(!/--rpc-cors all/.test(readFileSync(new URL('../../scripts/run.sh', import.meta.url), 'utf8')));
  const ask = (origin) => fetch(`http://127.0.0.1:${node.rpcPort}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_chain', params: [] }),
  });
  const apps = await ask('https://polkadot.js.org');
  assert.equal(apps.headers.get('access-control-allow-origin'), 'https://polkadot.js.org');
  assert.equal((await apps.json()).result, 'ProverNet Development');
  const local = await ask('http://localhost:3000');
  assert.equal(local.headers.get('access-control-allow-origin'), 'http://localhost:3000');
  // Any other page a browser opens gets no CORS grant: the browser withholds the answer.
  const evil = await ask('https://evil.example');
  assert.equal(evil.headers.get('access-control-allow-origin'), null);
});

// Issue 21: the proofs zkVMs emit, from ../shared/fixtures/zkvm, registered and verified with the
// CLI as a requester would (one account per system, all at once); a changed statement and a proof
// for another verifier are refused by name.
test('real SP1 v6/v4, RISC Zero, Pico and gnark proofs verify on the dev node; tampered ones are refused', async () => {
  const cli = cliAt(`ws://127.0.0.1:${node.rpcPort}`);
  const fixtures = zkvmFixtures();
  const tmp = mkdtempSync(join(tmpdir(), 'provernet-zkvm-'));
  const programs = [
    ['sp1-v6', 'sp1-v6.0.0', '//Alice', 'Sp1V6', 5, 'public_values.bin'],
    ['sp1-v4', 'sp1-v4.0.0', '//Bob', 'Sp1V4', 2, 'public_values.bin'],
    ['risc0-v3', 'risc0-v3.0', '//Charlie', 'Risc0V3', 5, 'journal.bin'],
    ['pico', 'pico-evm-groth16', '//Dave', 'Pico', 2, 'public_values.bin'],
    ['gnark', 'pico-evm-groth16', '//Eve', 'Gnark', 2, null],
  ];
  try {
    await Promise.all(programs.map(async ([system, sub, who, wrapper, inputs, statementFile]) => {
      const dir = join(fixtures, sub);
      const reg = await cli(who, 'vk', 'register', '--zkvm', system, '--dir', dir);
      const key = reg.match(/key (0x[0-9a-f]{64})/)[1];
      const info = (await api.query.proofVerifier.keys(key)).unwrap();
      assert.ok(info.system.isZkvm, system);
      assert.equal(info.system.asZkvm.type, wrapper, system);
      assert.equal(info.publicInputs.toNumber(), inputs, system);
      assert.match(await cli(null, 'vk', 'show', key), new RegExp(`Zkvm\\(${wrapper}\\)`));
      const ok = await cli(who, 'vk', 'verify', '--zkvm', system, '--dir', dir);
      assert.match(ok, /ProofVerifier\.ProofVerified/, system);
      // The public values (plain gnark: the first input) changed by one bit: not this proof's.
      const statement = statementFile
        ? readFileSync(join(dir, statementFile))
        : Buffer.from(JSON.parse(readFileSync(join(dir, 'verifier_params.json'))).fixture_public_inputs
          .map((x) => x.replace(/^0x/, '')).join(''), 'hex');
      statement[statement.length - 1] ^= 1;
      const changed = join(tmp, `${system}.statement`);
      writeFileSync(changed, statement);
      await assert.rejects(
        cli(who, 'vk', 'verify', '--zkvm', system, '--dir', dir, '--statement', changed),
        /ProofVerifier\.ProofRejected/,
        system,
      );
      if (system === 'sp1-v6' || system === 'risc0-v3') {
        // A selector for another verifier.
        const proof = readFileSync(join(dir, system === 'sp1-v6' ? 'groth16_proof.bin' : 'seal.bin'));
        proof[0] ^= 1;
        const other = join(tmp, `${system}.proof`);
        writeFileSync(other, proof);
        await assert.rejects(
          cli(who, 'vk', 'verify', '--zkvm', system, '--dir', dir, '--proof', other),
          /ProofVerifier\.SelectorMismatch/,
          system,
        );
      }
    }));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
