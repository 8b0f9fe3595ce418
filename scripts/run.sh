#!/usr/bin/env bash
# The main job: set up, build, and run a ProverNet development chain on 127.0.0.1.
#   scripts/run.sh            dev chain (Alice validates), RPC on ws://127.0.0.1:9944
#   RPC_PORT=9955 scripts/run.sh
set -euo pipefail
. "$(dirname "$0")/env.sh"
bash "$PROVERNET_ROOT/scripts/setup.sh"
bash "$PROVERNET_ROOT/scripts/build-node.sh"
RPC_PORT="${RPC_PORT:-9944}"
cat <<MSG

  ProverNet dev chain starting: RPC ws://127.0.0.1:$RPC_PORT (token BREV, 18 decimals)
  polkadot.js Apps: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$RPC_PORT#/explorer
  Prefunded dev accounts: Alice, Bob, Charlie, Dave, Eve, Ferdie (1,000,000 BREV each). Ctrl-C stops.

MSG
exec "$PROVERNET_NODE" --dev --tmp --rpc-port "$RPC_PORT" --rpc-cors all --no-prometheus "$@"
