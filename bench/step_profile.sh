#!/usr/bin/env bash
# Where a training step's time goes in Residual's runner: batch staging (with flips), forward and
# backward (label-smoothed loss), and the optimizer's update, per step and per image, for each
# batch size and optimizer given. One JVM per combination, run one after the other.
# usage: bench/step_profile.sh [ARCH] [THREADS] [STEPS] [BATCHES] [OPTIMIZERS]
# e.g.   bench/step_profile.sh resnet18 1 12 "128 256" "sgd adamw"     # the defaults
set -euo pipefail

ARCH=${1:-resnet18}
THREADS=${2:-1}
STEPS=${3:-12}
BATCHES=${4:-128 256}
OPTIMIZERS=${5:-sgd adamw}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${RESIDUAL_BUILD_DIR:-$ROOT/target-bench}

cd "$ROOT"
echo "load before: $(uptime)"
# shellcheck source=bench/classpath.sh
. "$ROOT/bench/classpath.sh"

for batch in $BATCHES; do
  for optimizer in $OPTIMIZERS; do
    java -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 \
      -Dai.djl.pytorch.num_threads="$THREADS" -Xmx4g -cp "$CLASSPATH" \
      dev.residual.training.runner.StepProfile "$ARCH" "$optimizer" "$batch" "$STEPS" 2>/dev/null \
      | grep "ms per step"
  done
done
echo "load after: $(uptime)"
