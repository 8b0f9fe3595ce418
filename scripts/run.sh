#!/usr/bin/env bash
# The main job: set up, build, and run a ProverNet development chain on 127.0.0.1.
#   scripts/run.sh                 dev chain (Alice validates), RPC on ws://127.0.0.1:9944
#   scripts/run.sh --market        the same, plus a live market on it: three prover agents
#                                  (provernet-prover) with different costs and a requester
#                                  posting jobs of several sizes with the provernet CLI
#   scripts/run.sh --market --misbehave
#                                  also a fourth, malicious agent (Mallory): it asks price 0 and
#                                  tries to back out of every round it reveals in (chill, drop
#                                  the class); the chain refuses and the market keeps clearing
#   RPC_PORT=9955 scripts/run.sh   another RPC port
#   RPC_CORS=https://my.app scripts/run.sh
#                                  browser origins allowed to call the RPC (default: polkadot.js
#                                  Apps, hosted or served locally on port 3000; never `all`)
# Other flags are passed to the node.
set -euo pipefail
. "$(dirname "$0")/env.sh"
MARKET=0
MISBEHAVE=0
NODE_ARGS=()
for a in "$@"; do
	case "$a" in
	--market) MARKET=1 ;;
	--misbehave) MISBEHAVE=1 ;;
	*) NODE_ARGS+=("$a") ;;
	esac
done
bash "$PROVERNET_ROOT/scripts/setup.sh"
bash "$PROVERNET_ROOT/scripts/build-node.sh"
RPC_PORT="${RPC_PORT:-9944}"
# Exact origins (the node compares them literally). Tools outside a browser (the CLI, the agents,
# subxt, polkadot.js in Node) send no origin and are not affected.
RPC_CORS="${RPC_CORS:-https://polkadot.js.org,http://localhost:3000,http://127.0.0.1:3000}"
URL="ws://127.0.0.1:$RPC_PORT"
cat <<MSG

  ProverNet dev chain starting: RPC $URL (token BREV, 18 decimals)
  polkadot.js Apps: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$RPC_PORT#/explorer
  Prefunded dev accounts: Alice, Bob, Charlie, Dave, Eve, Ferdie (1,000,000 BREV each). Ctrl-C stops.

MSG
if [ "$MARKET" = 0 ]; then
	exec "$PROVERNET_NODE" --dev --tmp --rpc-port "$RPC_PORT" --rpc-cors "$RPC_CORS" --no-prometheus "${NODE_ARGS[@]}"
fi

# ---- the live market ----
(cd "$PROVERNET_ROOT" && cargo build --locked -q -p provernet-client)
CLI="$CARGO_TARGET_DIR/debug/provernet"
AGENT="$CARGO_TARGET_DIR/debug/provernet-prover"
RUN="$(mktemp -d /tmp/provernet-market.XXXX)"
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
trap "exit 0" INT TERM
"$PROVERNET_NODE" --dev --tmp --rpc-port "$RPC_PORT" --rpc-cors "$RPC_CORS" --no-prometheus "${NODE_ARGS[@]}" \
	>"$RUN/node.log" 2>&1 &
PIDS+=($!)
pn() { "$CLI" --url "$URL" "$@"; }
echo "[market] node log: $RUN/node.log; waiting for the RPC"
for _ in $(seq 1 120); do pn market round >/dev/null 2>&1 && break; sleep 1; done
pn market round >/dev/null

echo "[market] Ferdie registers the demo circuits' verifying keys"
for c in chain-256x2 chain-4096x4 chain-16384x4; do pn --suri //Ferdie vk register --circuit "$c" | tail -1; done
echo "[market] Bob (0.05 BREV/unit), Charlie (0.08, with Dave's delegation) and Dave (0.12) stake"
pn --suri //Bob prover register --stake 5000 --commission 10% --class 0:3 --metadata "bob's rig" >/dev/null
pn --suri //Charlie prover register --stake 5000 --commission 5% --class 0:3 --metadata "charlie's rig" >/dev/null
pn --suri //Dave prover register --stake 5000 --commission 5% --class 0:3 --metadata "dave's rig" >/dev/null
pn --suri //Ferdie delegate //Charlie 20000 >/dev/null
# start_agent NAME UNIT_COST [EXTRA CONFIG LINE]: an agent for //Name serving class 0.
start_agent() {
	cat >"$RUN/$1.toml" <<EOF
endpoint = "$URL"
suri = "//${1^}"
state_dir = "$RUN/$1"
${3:-}
[[class]]
class = 0
unit_cost = "$2"
capacity = 3
EOF
	# The agents log JSON lines; the auction's routine (commit, reveal) stays in the files.
	("$AGENT" --config "$RUN/$1.toml" 2>&1 | tee "$RUN/$1.log" |
		grep --line-buffered -v '"event":"committed"\|"event":"revealed"' | sed -u "s/^/[$1] /") &
	PIDS+=($!)
}
start_agent bob 0.05
start_agent charlie 0.08
start_agent dave 0.12

if [ "$MISBEHAVE" = 1 ]; then
	echo "[market] Mallory (price 0, backs out after each reveal: the chain must refuse) stakes"
	pn --suri //Alice transfer //Mallory 10000 >/dev/null
	pn --suri //Mallory prover register --stake 5000 --commission 0% --class 0:3 --metadata "mallory" >/dev/null
	start_agent mallory 0 "back_out = true"
fi

echo "[market] Eve posts jobs of three sizes (requester); every 30 s a summary of the market"
mkdir -p "$RUN/inputs"
for c in chain-256x2 chain-4096x4 chain-16384x4; do pn demo inputs --circuit "$c" --seed 7 --out "$RUN/inputs" >/dev/null; done
sizes=(768 12288 49152)
circuits=(chain-256x2 chain-4096x4 chain-16384x4)
index=1
start=$(date +%s)
while true; do
	# One job per round: a lone lot is served (the second-cheapest ask prices it, issue 18).
	k=$((index % 3))
	per_unit="0.$((20 + (index * 7) % 40))"
	fee=$(awk -v w="${sizes[$k]}" -v p="$per_unit" 'BEGIN { printf "%.2f", w * p }')
	stage="key=${circuits[$k]},size=${sizes[$k]},max-fee=$fee,inputs=$RUN/inputs/${circuits[$k]}-7.inputs"
	if pn --suri //Eve job submit --index "$index" --stage "$stage" --data "$RUN/inputs/${circuits[$k]}-7.secret" >/dev/null 2>"$RUN/submit.err"; then
		echo "[eve] job $index: ${circuits[$k]} (w = ${sizes[$k]}), up to $per_unit BREV/unit"
	else
		echo "[eve] job $index refused: $(cat "$RUN/submit.err")"
	fi
	index=$((index + 1))
	sleep 15
	if (( ($(date +%s) - start) % 30 < 15 )); then
		prices="$(pn market prices 0)"
		echo "[market] $(grep '^round' <<<"$prices" | tail -1)"
		echo "[market] $(grep 'posted price' <<<"$prices")"
		for p in Bob Charlie Dave; do echo "[market] $p: $(pn --suri "//$p" rewards "//$p" | sed 's/.* can claim/can claim/')"; done
	fi
done
