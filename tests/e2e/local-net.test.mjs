// --chain local: Alice and Bob run as two validator processes on distinct loopback ports, find
// each other through a bootnode address and finalize blocks together (GRANDPA needs both).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode, connect, waitFinalized, stopNode, peerIdOf } from './lib.mjs';

const ALICE_KEY = '0000000000000000000000000000000000000000000000000000000000000001';
const BOB_KEY = '0000000000000000000000000000000000000000000000000000000000000002';
const nodes = [];
const apis = [];

after(async () => {
  for (const api of apis) await api.disconnect();
  for (const n of nodes) await stopNode(n);
});

test('Alice and Bob finalize blocks on --chain local', async () => {
  const alice = await startNode(['--chain', 'local', '--alice', '--node-key', ALICE_KEY], 'alice');
  nodes.push(alice);
  const bootnode = `/ip4/127.0.0.1/tcp/${alice.p2pPort}/p2p/${peerIdOf(ALICE_KEY)}`;
  const bob = await startNode(['--chain', 'local', '--bob', '--node-key', BOB_KEY, '--bootnodes', bootnode], 'bob');
  nodes.push(bob);

  const apiA = await connect(alice);
  apis.push(apiA);
  const apiB = await connect(bob);
  apis.push(apiB);
  assert.equal((await apiA.rpc.system.chain()).toString(), 'ProverNet Local Testnet');

  // Two authorities: finality needs both votes, so a finalized #3 on each proves they cooperate.
  const [fa, fb] = await Promise.all([waitFinalized(apiA, 3), waitFinalized(apiB, 3)]);
  assert.ok(fa >= 3 && fb >= 3);
  const peers = (await apiB.rpc.system.peers()).length;
  assert.ok(peers >= 1, 'Bob is connected to Alice');
});
