// Helpers for end-to-end tests: start provernet-node on free loopback ports, connect with
// @polkadot/api (the library polkadot.js Apps and most wallets use), stop the node.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';

export const NODE = process.env.PROVERNET_NODE
  ?? join(process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, '.cache/provernet/target'), 'debug/provernet-node');

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a node sub-command and returns its stdout. */
export function nodeCmd(args) {
  return execFileSync(NODE, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024, // chain specs hold the runtime code
  });
}

/** The libp2p peer id of a node key given as 64 hex characters. */
export function peerIdOf(hexKey) {
  const dir = mkdtempSync(join(tmpdir(), 'provernet-key-'));
  const file = join(dir, 'node-key');
  writeFileSync(file, hexKey);
  try {
    return nodeCmd(['key', 'inspect-node-key', '--file', file]).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts a node listening on loopback only. `args` are extra CLI flags; a `basePath` keeps the
 * chain on disk (default `--tmp`), an `rpcPort` fixes the port (a restart on the same one).
 * Returns { proc, rpcPort, p2pPort, logs() }.
 */
export async function startNode(args, name = 'node', { basePath, rpcPort: port } = {}) {
  const rpcPort = port ?? await freePort();
  const p2pPort = await freePort();
  const proc = spawn(NODE, [
    ...args,
    ...(basePath ? ['--base-path', basePath] : ['--tmp']),
    '--rpc-port', String(rpcPort),
    '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
    '--no-prometheus',
    '--no-telemetry',
    '--no-mdns',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk) => { log = (log + chunk.toString()).slice(-(Number(process.env.NODE_LOG_KEEP) || 20000)); };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  proc.on('exit', (code, signal) => { log += `\n[${name} exited code=${code} signal=${signal}]`; });
  return { proc, rpcPort, p2pPort, logs: () => log, name };
}

/** Connects @polkadot/api once the node's RPC answers (or throws after `timeoutMs`). */
export async function connect(node, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.proc.exitCode !== null) throw new Error(`${node.name} exited:\n${node.logs()}`);
    try {
      const provider = new WsProvider(`ws://127.0.0.1:${node.rpcPort}`, false);
      await provider.connect();
      await new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('ws timeout')), 3000);
        provider.on('connected', () => { clearTimeout(t); resolve(); });
        provider.on('error', () => { clearTimeout(t); reject(new Error('ws error')); });
      });
      return await ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  throw new Error(`${node.name}: RPC did not come up in ${timeoutMs} ms:\n${node.logs()}`);
}

/** Resolves with the finalized block number once it reaches `n`. */
export function waitFinalized(api, n, timeoutMs = 180_000) {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    const timer = setTimeout(() => { unsub(); reject(new Error(`finality did not reach #${n} in ${timeoutMs} ms`)); }, timeoutMs);
    api.rpc.chain.subscribeFinalizedHeads((header) => {
      const num = header.number.toNumber();
      if (num >= n) { clearTimeout(timer); unsub(); resolve(num); }
    }).then((u) => { unsub = u; }, reject);
  });
}

/** Stops a node and waits for it to exit. */
export async function stopNode(node) {
  if (!node || node.proc.exitCode !== null) return;
  const exited = new Promise((r) => node.proc.once('exit', r));
  node.proc.kill('SIGINT');
  const t = setTimeout(() => node.proc.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(t);
}

/**
 * Signs and sends `tx` from `who`; resolves with the events of the block that includes it, or
 * rejects with the chain's error by name (`section.Name`). Pass `nonce` to have several
 * transactions of one account in flight.
 */
export function sendTx(api, tx, who, nonce = -1) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(who, { nonce }, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        const err = dispatchError.isModule ? api.registry.findMetaError(dispatchError.asModule) : null;
        reject(new Error(err ? `${err.section}.${err.name}` : dispatchError.toString()));
      }
      if (status.isInBlock) resolve(events);
    }).catch(reject);
  });
}

const TARGET = process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, '.cache/provernet/target');
/** The `provernet` CLI and the `provernet-prover` agent, as `scripts/test.sh` builds them. */
export const CLI = join(TARGET, 'debug/provernet');
export const AGENT = join(TARGET, 'debug/provernet-prover');

/** A runner of the CLI against `url`: `cli(suri | null, ...args)` resolves with its stdout or
 * rejects with its stderr (asynchronously, so the test's API connection stays served). */
export function cliAt(url) {
  return async (suri, ...args) => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    try {
      const { stdout } = await promisify(execFile)(CLI, ['--url', url, ...(suri ? ['--suri', suri] : []), ...args], { encoding: 'utf8' });
      return stdout;
    } catch (e) {
      throw new Error(`provernet ${args.join(' ')} failed: ${e.stderr || e.message}`);
    }
  };
}

/** Starts a prover agent serving class 0 (`extra` config lines appended); its JSON log lines
 * are collected in `agent.lines`; push the agent to `agents` so the test can stop it. */
export async function startAgent(dir, url, name, suri, unitCost, capacity, extra = []) {
  const { createInterface } = await import('node:readline');
  const config = join(dir, `${name}.toml`);
  writeFileSync(config, [
    `endpoint = "${url}"`, `suri = "${suri}"`, `state_dir = "${join(dir, name)}"`, ...extra,
    '[[class]]', 'class = 0', `unit_cost = "${unitCost}"`, `capacity = ${capacity}`,
  ].join('\n'));
  const proc = spawn(AGENT, ['--config', config], { stdio: ['ignore', 'pipe', 'inherit'] });
  const agent = { name, proc, lines: [], waiters: [] };
  createInterface({ input: proc.stdout }).on('line', (l) => {
    let entry;
    try { entry = JSON.parse(l); } catch { return; }
    agent.lines.push(entry);
    for (const w of [...agent.waiters]) if (w.pick(entry)) { agent.waiters.splice(agent.waiters.indexOf(w), 1); w.resolve(entry); }
  });
  return agent;
}

/** Resolves with the agent's first log line (so far or to come) that `pick` accepts. */
export function waitLog(agent, pick, ms) {
  return new Promise((resolve, reject) => {
    const hit = agent.lines.find(pick);
    if (hit) return resolve(hit);
    const t = setTimeout(() => reject(new Error(`${agent.name}: no such log line in ${ms} ms; last: ${JSON.stringify(agent.lines.slice(-5))}`)), ms);
    agent.waiters.push({ pick, resolve: (e) => { clearTimeout(t); resolve(e); } });
  });
}

/** Every event of blocks `from..=to` (best chain), with its block number. */
export async function eventsBetween(api, from, to) {
  const out = [];
  for (let n = from; n <= to; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    for (const { event } of await api.query.system.events.at(hash)) out.push({ n, event });
  }
  return out;
}

/** Resolves with the first truthy `pick(event)` of the blocks from now on (polled each second). */
export async function waitEvent(api, pick, ms) {
  const deadline = Date.now() + ms;
  let next = (await api.rpc.chain.getHeader()).number.toNumber();
  while (Date.now() < deadline) {
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    for (; next <= head; next++) {
      for (const { event } of await eventsBetween(api, next, next)) {
        const hit = pick(event);
        if (hit) return hit;
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('event not seen in time');
}

/** `../shared/fixtures/zkvm`, the real zkVM proofs (never copied into the repository):
 * `PROVERNET_FIXTURES/zkvm` if set, else the first `shared/fixtures/zkvm` above this directory,
 * else `/work/shared/fixtures/zkvm` (where a clone elsewhere finds it). */
export function zkvmFixtures() {
  if (process.env.PROVERNET_FIXTURES) return join(process.env.PROVERNET_FIXTURES, 'zkvm');
  let dir = new URL('.', import.meta.url).pathname;
  for (;;) {
    const candidate = join(dir, 'shared/fixtures/zkvm');
    if (existsSync(join(candidate, 'VERIFY.md'))) return candidate;
    const parent = join(dir, '..');
    if (parent === dir || dir === '/') break;
    dir = parent;
  }
  return '/work/shared/fixtures/zkvm';
}
