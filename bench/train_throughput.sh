#!/usr/bin/env bash
# Training throughput of Residual's runner against the plain-PyTorch peer, in one run.
# usage: bench/train_throughput.sh [ARCH] [BATCH] [STEPS] [THREADS] [SIZE] [ROUNDS]
# Prints both numbers per round (peer first, then ours, alternating) and the ratios.
set -euo pipefail

ARCH=${1:-resnet18}
BATCH=${2:-128}
STEPS=${3:-30}
THREADS=${4:-2}
SIZE=${5:-28}
ROUNDS=${6:-2}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEER_DIR=${PEER_DIR:-$ROOT/bench/peer}
BUILD_DIR=${RESIDUAL_BUILD_DIR:-$ROOT/target-bench}
PYTHON=${PEER_PYTHON:-/usr/bin/python3}

cd "$ROOT"
echo "load before: $(uptime)"
if ! ldconfig -p | grep -q openblas; then
  echo "note: libopenblas0-pthread is not installed; the peer (Debian torch) then uses the slow" \
    "reference BLAS, which flatters the ratio" >&2
fi
# shellcheck source=bench/classpath.sh
. "$ROOT/bench/classpath.sh"

peer() {
  "$PYTHON" "$PEER_DIR/peer_train.py" "$ARCH" "$BATCH" "$STEPS" "$THREADS" "$SIZE" \
    | awk '/peer_img_per_s/ {print $2}'
}

ours() {
  java -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 \
    -Dai.djl.pytorch.num_threads="$THREADS" -Xmx4g -cp "$CLASSPATH" \
    dev.residual.training.runner.ThroughputBenchmark "$ARCH" "$BATCH" "$STEPS" "$SIZE" 2>/dev/null \
    | awk '/runner_img_per_s/ {print $2}'
}

peers=()
runs=()
for round in $(seq 1 "$ROUNDS"); do
  p=$(peer)
  r=$(ours)
  peers+=("$p")
  runs+=("$r")
  echo "round $round: peer_img_per_s $p  runner_img_per_s $r  ratio $(echo "$r $p" | awk '{printf "%.2f", $1 / $2}')"
done
echo "load after: $(uptime)"
printf '%s\n' "${peers[@]}" | sort -n > "$BUILD_DIR/peer.txt"
printf '%s\n' "${runs[@]}" | sort -n > "$BUILD_DIR/runner.txt"
paste -d' ' "$BUILD_DIR/peer.txt" "$BUILD_DIR/runner.txt" | awk -v arch="$ARCH" -v bs="$BATCH" '
  { p[NR] = $1; r[NR] = $2; ps += $1; rs += $2 }
  END {
    printf "%s batch %d: peer mean %.1f best %.1f img/s | runner mean %.1f best %.1f img/s | ratio of means %.2f, of bests %.2f\n",
      arch, bs, ps / NR, p[NR], rs / NR, r[NR], rs / ps, r[NR] / p[NR]
  }'
