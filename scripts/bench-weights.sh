#!/usr/bin/env bash
# Regenerates the benchmarked weights: every custom pallet's `weights.rs`, the runtime's weights
# for the upstream pallets it configured with `()` (GRANDPA, parameters), and the block/extrinsic
# base weights (`runtime/src/weights/`).
#
#   scripts/bench-weights.sh                 # all, standard STEPS=50 REPEAT=20
#   STEPS=10 REPEAT=5 scripts/bench-weights.sh pallet_toda   # quicker, one pallet
#
# It builds `provernet-bench` (frame-benchmarking-cli with our host functions, tools/bench) and
# the runtime blob with `runtime-benchmarks` (its own cargo profile, so the node's blob is not
# touched), then runs each benchmark against the `development` genesis preset.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$PROVERNET_ROOT"
STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
CUSTOM="pallet_prover_staking pallet_proof_verifier pallet_job_escrow pallet_slashing pallet_toda"
UPSTREAM="pallet_grandpa pallet_parameters"
SELECTED="${*:-$CUSTOM $UPSTREAM overhead}"

t0=$(date +%s)
# BENCH_PROFILE=release builds the tool optimised throughout (a long cold build, ≈ 45 min here);
# the default reuses the debug tree, where the node's hot host crates are optimised but the rest
# of the host path is not (see docs/PERFORMANCE.md: host calls ≈ 5× slower, weights over-estimate).
BENCH_PROFILE="${BENCH_PROFILE:-debug}"
if [ "$BENCH_PROFILE" = release ]; then
	cargo build --locked --release -p provernet-bench
else
	cargo build --locked -p provernet-bench
fi
cargo check --locked --profile bench-runtime -p provernet-runtime --features runtime-benchmarks
echo "[bench] tools built in $(( $(date +%s) - t0 ))s"
BENCH="$CARGO_TARGET_DIR/$BENCH_PROFILE/provernet-bench"
BLOB="$CARGO_TARGET_DIR/bench-runtime/wbuild/provernet-runtime/provernet_runtime.compact.compressed.wasm"
COMMON=(--runtime "$BLOB" --genesis-builder runtime --genesis-builder-preset development)

dir_of() { # pallet_job_escrow -> pallets/job-escrow
	echo "pallets/$(echo "${1#pallet_}" | tr _ -)"
}

for p in $SELECTED; do
	t=$(date +%s)
	case " $CUSTOM " in
	*" $p "*)
		"$BENCH" pallet "${COMMON[@]}" --pallet "$p" --extrinsic '*' \
			--steps "$STEPS" --repeat "$REPEAT" --heap-pages 4096 \
			--template scripts/weights.hbs --output "$(dir_of "$p")/src/weights.rs"
		;;
	*)
		if [ "$p" = overhead ]; then
			"$BENCH" overhead "${COMMON[@]}" --weight-path runtime/src/weights
			# The runtime reaches sp-weights through frame-support.
			sed -i 's/sp_weights::/frame_support::weights::/g' runtime/src/weights/block_weights.rs \
				runtime/src/weights/extrinsic_weights.rs
		elif [ "$p" = pallet_grandpa ]; then
			# GRANDPA's WeightInfo is not its benchmarks' list: generate the benchmarks' own trait;
			# runtime/src/weights/mod.rs maps it onto pallet_grandpa::WeightInfo.
			"$BENCH" pallet "${COMMON[@]}" --pallet "$p" --extrinsic '*' \
				--steps "$STEPS" --repeat "$REPEAT" --template scripts/weights.hbs \
				--output "runtime/src/weights/$p.rs"
		else
			"$BENCH" pallet "${COMMON[@]}" --pallet "$p" --extrinsic '*' \
				--steps "$STEPS" --repeat "$REPEAT" --output "runtime/src/weights/$p.rs"
		fi
		;;
	esac
	echo "[bench] $p in $(( $(date +%s) - t ))s"
done
echo "[bench] done in $(( $(date +%s) - t0 ))s"
