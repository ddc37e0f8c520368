#!/usr/bin/env bash
# Serving throughput and latency of a resnet18 trained on Fashion-MNIST, against its own
# in-process forward passes (the limits: DJL's PyTorch and ONNX Runtime), in one run.
# usage: bench/inference_load.sh [SECONDS_PER_LEVEL] [CONCURRENCY_LEVELS] [ARCH]
# e.g.   bench/inference_load.sh 20 1,4,16,64 resnet18
# Starts the service on a free port with a fresh data directory, trains ARCH for a few batches
# with "publishAs": "bench" (the full path from a job to a served model), runs
# dev.residual.inference.InferenceLoadBenchmark, then stops the service it started.
set -euo pipefail

SECONDS_PER_LEVEL=${1:-20}
LEVELS=${2:-1,4,16,64}
ARCH=${3:-resnet18}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${RESIDUAL_BUILD_DIR:-$ROOT/target-bench}
JAVA_OPTS=(-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 -Xmx2g)
# Both JVMs (the service and the benchmark, which measures the limit) get the same engine settings.
# PyTorch's OpenMP threads spin-wait for each other by default; on cores shared with other
# processes (and here with the service's own HTTP threads and the client) a spinning thread burns
# the time slice its partner needs: the in-process limit dropped from ~1,100 to ~40 img/s under a
# load of 11. PASSIVE makes them sleep instead. OMP_WAIT_POLICY=default runs with libgomp's
# default (spin, then sleep) to compare.
if [ "${OMP_WAIT_POLICY:-}" = default ]; then
  unset OMP_WAIT_POLICY
else
  export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
fi

cd "$ROOT"
echo "load before: $(uptime)"
echo "OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-(libgomp default)}, $(nproc) cores"
# shellcheck source=bench/classpath.sh
. "$ROOT/bench/classpath.sh"

DATA=$(mktemp -d /tmp/residual-bench-XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
# SERVICE_OPTS: extra JVM options for the service only (the limit keeps JAVA_OPTS), e.g.
# SERVICE_OPTS="-Dai.djl.pytorch.num_threads=1 -Dresidual.inference.workers=2".
# shellcheck disable=SC2086
java "${JAVA_OPTS[@]}" ${SERVICE_OPTS:-} -cp "$CLASSPATH" dev.residual.ResidualApplication \
  --server.port="$PORT" --residual.data-dir="$DATA" >"$DATA/service.log" 2>&1 &
SERVICE=$!
cleanup() {
  kill "$SERVICE" 2>/dev/null || true
  wait "$SERVICE" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

for _ in $(seq 1 180); do
  curl -fs "$BASE/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 1
done

JOB=$(curl -fs -X POST "$BASE/api/v1/training-jobs" -H 'Content-Type: application/json' -d "{
  \"dataset\": \"fashion-mnist\", \"architecture\": \"$ARCH\", \"epochs\": 1, \"batchSize\": 64,
  \"limitTrainBatches\": 30, \"limitValidBatches\": 4, \"seed\": 1, \"publishAs\": \"bench\"}" | json "d['id']")
echo "training $ARCH for 30 batches (job $JOB)"
CHECKPOINT=""
for _ in $(seq 1 600); do
  if MODEL=$(curl -fs "$BASE/api/v1/models/bench" 2>/dev/null) \
    && [ "$(echo "$MODEL" | json "d['serving']")" = ready ]; then
    CHECKPOINT=$(echo "$MODEL" | json "d['versions'][0]['checkpointId']")
    echo "model 'bench' serves checkpoint $CHECKPOINT (validation top-1 $(echo "$MODEL" | json "d['versions'][0]['metrics']['top1']"))"
    break
  fi
  sleep 1
done
[ -n "$CHECKPOINT" ] || { echo "the model was not published; service log: $DATA/service.log" >&2; tail -50 "$DATA/service.log" >&2; exit 1; }

# BENCH_CLIENT=jdk posts through the JDK HttpClient (the first client) instead of blocking sockets.
# RSS_PREDICTIONS=100000 ends with that many more predictions at c=16, printing the service's RSS.
# ORT_THREADS / ORT_SPINNING: the in-process ONNX Runtime limit's settings (defaults: 0 = one
# intra-op thread per core, ONNX Runtime's own default and the fastest single forward pass; spinning
# off). The service runs each pass on one thread with a worker per core (its defaults); change those
# with SERVICE_OPTS="-Dresidual.inference.onnxruntime.intra-op-threads=0 -Dresidual.inference.workers=1".
java "${JAVA_OPTS[@]}" -Dbench.client="${BENCH_CLIENT:-sockets}" \
  -Dbench.engine="$(echo "${SERVICE_OPTS:-}" | grep -o 'residual.inference.engine=[a-z]*' | cut -d= -f2 || true)" \
  -Dbench.ort.threads="${ORT_THREADS:-0}" -Dbench.ort.spinning="${ORT_SPINNING:-false}" \
  -Dbench.rss.predictions="${RSS_PREDICTIONS:-0}" -Dbench.service.pid="$SERVICE" -cp "$CLASSPATH" \
  dev.residual.inference.InferenceLoadBenchmark \
  "$BASE" bench "$CHECKPOINT" "$SECONDS_PER_LEVEL" "$LEVELS" 2>/dev/null
# What the batcher did over the whole run, from the Prometheus endpoint.
curl -fs "$BASE/actuator/prometheus" | awk '
  /^residual_inference_batch_size_(sum|count)\{.*model="bench"/ { v[$1 ~ /_sum/ ? "s" : "c"] += $2 }
  /^residual_inference_queue_wait_seconds_(sum|count)\{.*model="bench"/ { w[$1 ~ /_sum/ ? "s" : "c"] += $2 }
  END { if (v["c"] > 0) printf "batches: %d, mean batch size %.1f, mean queue wait %.2f ms\n", v["c"], v["s"] / v["c"], 1000 * w["s"] / w["c"] }'
echo "load after: $(uptime)"
