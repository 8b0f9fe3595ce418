#!/usr/bin/env bash
# Regenerates the benchmarked weights: every custom pallet's `weights.rs`, the runtime's weights
# for the upstream pallets it configured with `()` (GRANDPA, parameters), and the block/extrinsic
# base weights (`runtime/src/weights/`).
#
#   scripts/bench-weights.sh                 # all (≈ 35 min here): STEPS=50 REPEAT=20, except
#                                            # pallet_toda at TODA_STEPS=20 TODA_REPEAT=5 (its
#                                            # two-component benchmarks over 1,024 lots take
#                                            # over 30 min at 50 × 20; 5 min so)
#   STEPS=10 REPEAT=5 scripts/bench-weights.sh pallet_slashing   # quicker, one pallet
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
# The tool is built with --release, as production runtimes' weights are (a long cold build: 48 min
# here, in the shared target directory). BENCH_PROFILE=debug reuses the debug tree for a quick
# check of a benchmark; its host storage and hashing are unoptimised, so its weights are 2–5× too
# high and must not be committed.
BENCH_PROFILE="${BENCH_PROFILE:-release}"
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
		steps=$STEPS repeat=$REPEAT
		if [ "$p" = pallet_toda ]; then steps=${TODA_STEPS:-20} repeat=${TODA_REPEAT:-5}; fi
		"$BENCH" pallet "${COMMON[@]}" --pallet "$p" --extrinsic '*' \
			--steps "$steps" --repeat "$repeat" --heap-pages 4096 \
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
