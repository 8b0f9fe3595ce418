#!/usr/bin/env bash
# The test command: set up, build, run every test.
#  1. builds the node (the end-to-end tests need it);
#  2. cargo test: runtime (natively), TODA mechanism (unit, property, efficiency, doctests),
#     prover staking and the proof verifier (mock runtimes, then their benchmarks as tests),
#     Groth16 encoding/verification against real demo-circuit proofs;
#  3. chain specs are current (genesis regenerated from the runtime presets and compared);
#  4. end-to-end: a --dev node finalizes blocks, answers BREV/18, takes a wallet-signed transfer,
#     verifies a real Groth16 proof, escrows a job, passes a referendum; a scripted auction round
#     cleared by the node's offchain worker; a two-validator --chain local network finalizes;
#     the live market through the provernet CLI and two provernet-prover agents (a stopped agent
#     slashed, its lot re-auctioned and served; exact books); polkadot.js wallet compatibility.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$PROVERNET_ROOT"
bash scripts/setup.sh
t0=$(date +%s)
bash scripts/build-node.sh
echo "[test] node built in $(( $(date +%s) - t0 ))s"
cargo test --locked
# The clients, on their own (their dependency features stay out of the runtime's build).
cargo test --locked -p provernet-client
# Benchmarks run as tests (each benchmark once, against the mock runtime).
cargo test --locked -p pallet-prover-staking -p pallet-proof-verifier -p pallet-job-escrow -p pallet-slashing -p pallet-toda --features runtime-benchmarks
bash scripts/check-chain-specs.sh
# The e2e auction test recomputes the chain's clearing with the library, outside the chain.
cargo build --locked -q -p toda --features scale --example clear-snapshot
# The clients the e2e market and wallet tests drive: the provernet CLI and the prover agent.
cargo build --locked -q -p provernet-client
(cd tests/e2e && node --test --test-concurrency=1 *.test.mjs)
echo "[test] all tests passed in $(( $(date +%s) - t0 ))s"
