// The node's sub-commands a validator uses: key, build-spec, purge-chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeCmd } from './lib.mjs';

test('key generate prints a usable sr25519 key', () => {
  const out = nodeCmd(['key', 'generate', '--scheme', 'sr25519', '--output-type', 'json']);
  const key = JSON.parse(out);
  assert.match(key.ss58Address, /^5/);
  assert.equal(key.secretPhrase.split(' ').length, 12);
});

test('build-spec carries BREV properties and both presets', () => {
  const dev = JSON.parse(nodeCmd(['build-spec', '--chain', 'dev']));
  assert.equal(dev.properties.tokenSymbol, 'BREV');
  assert.equal(dev.properties.tokenDecimals, 18);
  assert.ok(dev.genesis.runtimeGenesis.patch.balances.balances.length >= 6);
  const local = JSON.parse(nodeCmd(['build-spec', '--chain', 'local', '--raw']));
  assert.ok(local.genesis.raw.top['0x3a636f6465'], 'raw spec holds the runtime code');
});

test('purge-chain removes a chain database', () => {
  const base = mkdtempSync(join(tmpdir(), 'provernet-purge-'));
  try {
    const db = join(base, 'chains', 'provernet_dev', 'paritydb', 'full');
    mkdirSync(db, { recursive: true });
    nodeCmd(['purge-chain', '--chain', 'dev', '--base-path', base, '-y']);
    assert.equal(existsSync(db), false);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
