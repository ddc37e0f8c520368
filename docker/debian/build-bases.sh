#!/usr/bin/env bash
# Base images made from Debian's packages alone, for machines that reach Debian's mirrors and
# Maven Central but no container registry (Docker Hub's eclipse-temurin and postgres images are
# the defaults everywhere else). Needs root, debootstrap and a running Docker engine; images that
# already exist are kept. From the repository root:
#   sudo docker/debian/build-bases.sh
#   docker build -f docker/Dockerfile --build-arg BUILD_IMAGE=residual-debian-jdk:17 \
#     --build-arg RUNTIME_IMAGE=residual-debian-jre:17 -t residual .
set -euo pipefail
cd "$(dirname "$0")"

suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

exists() { docker image inspect "$1" >/dev/null 2>&1; }

if ! exists "residual-debian:$suite"; then
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  echo "debootstrap $suite (minbase) from $mirror"
  debootstrap --variant=minbase "$suite" "$root" "$mirror" >/dev/null
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "residual-debian:$suite" >/dev/null
  rm -rf "$root"
  trap - EXIT
fi

# Named like the images they stand in for: eclipse-temurin:17-jdk, eclipse-temurin:17-jre and
# postgres (bookworm ships PostgreSQL 15). Each build sees the certificate authorities this machine
# adds in /usr/local/share/ca-certificates, so that Maven reaches its repository through a proxy
# this machine trusts.
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp ./*.Dockerfile postgres-entrypoint.sh "$context"
mkdir "$context/local-ca"
cp /usr/local/share/ca-certificates/*.crt "$context/local-ca/" 2>/dev/null || true
for image in jdk:17 jre:17 postgres:15; do
  if ! exists "residual-debian-$image"; then
    docker build -q --build-arg "DEBIAN_IMAGE=residual-debian:$suite" \
      -f "$context/${image%%:*}.Dockerfile" -t "residual-debian-$image" "$context" >/dev/null
  fi
done
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' 'residual-debian*'
