# Debian's OpenJDK 17 JDK, standing in for eclipse-temurin:17-jdk (see build-bases.sh).
ARG DEBIAN_IMAGE=residual-debian:bookworm
FROM ${DEBIAN_IMAGE}
COPY local-ca/ /usr/local/share/ca-certificates/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jdk-headless ca-certificates \
 && rm -rf /var/lib/apt/lists/*
