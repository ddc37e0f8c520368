#!/usr/bin/env bash
# Time-to-accuracy of Residual's default recipe against the plain-PyTorch peer, in one run.
# usage: bench/recipe_accuracy.sh [EPOCHS] [ARCH] [THREADS] [PEER_LR] [MODE]
#   MODE parallel (default): the service and the peer train at the same time, THREADS each, so both
#        see the same machine; MODE sequential: the peer after the service; MODE ours: the service
#        alone (the long run: bench/recipe_accuracy.sh 20 resnet18 2 0 ours, JOB_EXTRA below).
# Ours: the real service (jar, temp data dir, H2) trains the job {"dataset": "fashion-mnist",
# "architecture": ARCH, "epochs": EPOCHS} submitted over HTTP, every other field at its default.
# Peer: bench/peer/peer_recipe.py ARCH EPOCHS 128 PEER_LR THREADS 0.1 (SGD-Nesterov one-cycle,
# label smoothing 0.1, flips). Both print test top-1 after each epoch with the wall time so far.
# JOB_EXTRA='"optimizer": "sgd", "seed": 1' adds fields to our job (for experiments; the default
# recipe is the one without).
set -euo pipefail

EPOCHS=${1:-5}
ARCH=${2:-resnet18}
THREADS=${3:-1}
PEER_LR=${4:-0.1}
MODE=${5:-parallel}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEER_DIR=${PEER_DIR:-$ROOT/bench/peer}
BUILD_DIR=${RESIDUAL_BUILD_DIR:-$ROOT/target-bench}
PYTHON=${PEER_PYTHON:-/usr/bin/python3}
PORT=${PORT:-18480}
OUT=$(mktemp -d)
DATA="$OUT/data"

cd "$ROOT"
echo "load before: $(uptime)"
./mvnw -q -B -Dresidual.build.dir="$BUILD_DIR" package -DskipTests
JAR=$(ls "$BUILD_DIR"/residual-*.jar | grep -v original | head -1)

java -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 \
  -Dai.djl.pytorch.num_threads="$THREADS" -Xmx6g -jar "$JAR" \
  --server.port="$PORT" --residual.data-dir="$DATA" >"$OUT/service.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true; wait $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 1
done

peer() {
  "$PYTHON" "$PEER_DIR/peer_recipe.py" "$ARCH" "$EPOCHS" 128 "$PEER_LR" "$THREADS" 0.1 \
    | sed -u 's/^/peer /' | tee "$OUT/peer.txt"
}

START=$(date +%s)
JOB=$(curl -fs -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/api/v1/training-jobs" \
  -d "{\"dataset\": \"fashion-mnist\", \"architecture\": \"$ARCH\", \"epochs\": $EPOCHS${JOB_EXTRA:+, $JOB_EXTRA}}" \
  | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
echo "ours: job $JOB (request with defaults: GET /api/v1/training-jobs/$JOB)"
if [ "$MODE" = parallel ]; then
  peer &
  PEER=$!
fi

# One line per finished epoch: wall_s counts from submission (dataset loading included, polled every
# 5 s); train_s adds up the epochs' own seconds (training and validation), which is what the peer's
# wall_s measures (it starts its clock after loading the data).
seen=0
while true; do
  STATUS=$(curl -fs "http://127.0.0.1:$PORT/api/v1/training-jobs/$JOB" \
    | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  METRICS=$(curl -fs "http://127.0.0.1:$PORT/api/v1/training-jobs/$JOB/metrics")
  count=$(echo "$METRICS" | "$PYTHON" -c 'import json,sys; print(len(json.load(sys.stdin)))')
  if [ "$count" -gt "$seen" ]; then
    now=$(( $(date +%s) - START ))
    echo "$METRICS" | "$PYTHON" -c '
import json, sys
seen, now = int(sys.argv[1]), int(sys.argv[2])
metrics = json.load(sys.stdin)
for i, m in enumerate(metrics[seen:], seen):
    train_s = sum(e["seconds"] for e in metrics[: i + 1])
    print("ours epoch %d test_top1 %.4f test_top5 %.4f train_s %.0f wall_s %d train_img_per_s %.1f"
          % (m["epoch"], m["top1"], m["top5"], train_s, now, m.get("imagesPerSecond", 0)))
' "$seen" "$now" | tee -a "$OUT/ours.txt"
    seen=$count
  fi
  case "$STATUS" in SUCCEEDED|FAILED|CANCELLED) break ;; esac
  sleep 5
done
echo "ours: $STATUS after $(( $(date +%s) - START )) s"
if [ "$MODE" = parallel ]; then
  wait $PEER
elif [ "$MODE" = sequential ]; then
  peer
else
  echo "load after: $(uptime)"
  exit 0
fi
echo "load after: $(uptime)"
"$PYTHON" - "$OUT/ours.txt" "$OUT/peer.txt" <<'PY'
import sys
def last(path, clock):
    rows = [l.split() for l in open(path) if "test_top1" in l]
    r = rows[-1]
    return float(r[r.index("test_top1") + 1]), float(r[r.index(clock) + 1])
(oa, ot), (pa, pt) = last(sys.argv[1], "train_s"), last(sys.argv[2], "wall_s")
_, ow = last(sys.argv[1], "wall_s")
print("final: ours top1 %.4f in %.0f s (%.0f s from submission) | peer top1 %.4f in %.0f s"
      " | accuracy %+.2f points, time ratio ours/peer %.2f (from submission %.2f)"
      % (oa, ot, ow, pa, pt, 100 * (oa - pa), ot / pt, ow / pt))
PY
echo "logs: $OUT"
