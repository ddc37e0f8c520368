#!/usr/bin/env bash
# The README's five-minute tutorial, terminal 2. Needs curl and jq; run it from the repository root
# while `./mvnw spring-boot:run` is starting or running in terminal 1.
set -euo pipefail
BASE=${BASE:-http://localhost:8080}

# 1. Wait until the service is ready (the first start compiles and loads PyTorch).
until curl -sf "$BASE/actuator/health/readiness" >/dev/null; do sleep 2; done
echo "ready"

# 2. Train resnet18 on Fashion-MNIST for one short epoch and publish it as the model "fashion".
JOB=$(curl -sf "$BASE/api/v1/training-jobs" -H 'Content-Type: application/json' -d '{
  "dataset": "fashion-mnist", "architecture": "resnet18", "epochs": 1,
  "limitTrainBatches": 60, "limitValidBatches": 10, "publishAs": "fashion"}' | jq -r .id)
echo "job $JOB"

# 3. Follow its events until it is done (the stream closes after `done`).
curl -sN "$BASE/api/v1/training-jobs/$JOB/events" | grep --line-buffered -A1 -E '^event:(epoch|done)$' \
  | grep --line-buffered '^data:'

# 4. Ask the published model about a sample image from the Fashion-MNIST test set.
curl -sf "$BASE/api/v1/models/fashion/predictions?topK=3" -H 'Content-Type: image/png' \
  --data-binary @docs/samples/ankle-boot.png | jq -c '.predictions[0].classes[] | {label: .label, probability: (.probability * 1000 | floor / 1000)}'
