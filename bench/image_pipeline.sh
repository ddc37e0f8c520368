#!/usr/bin/env bash
# Image-folder pipeline throughput: first (decoding) epoch against cached epochs, and the share of
# a cached epoch spent waiting for data while a resnet18 trains.
# usage: bench/image_pipeline.sh [IMAGES] [EPOCHS] [TRAIN_SIZE] [TRAIN_BATCHES]
set -euo pipefail

IMAGES=${1:-3000}
EPOCHS=${2:-3}
TRAIN_SIZE=${3:-128}
TRAIN_BATCHES=${4:-8}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${RESIDUAL_BUILD_DIR:-$ROOT/target-bench}

cd "$ROOT"
echo "load before: $(uptime)"
# shellcheck source=bench/classpath.sh
. "$ROOT/bench/classpath.sh"
java -Djava.awt.headless=true -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 \
  -Xmx4g -cp "$CLASSPATH" dev.residual.datasets.ImagePipelineBenchmark \
  "$IMAGES" "$EPOCHS" "$TRAIN_SIZE" "$TRAIN_BATCHES" 2>/dev/null | grep -v ' INFO \| WARN '
echo "load after: $(uptime)"
