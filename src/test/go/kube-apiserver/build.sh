#!/usr/bin/env bash
# Builds the test API server: a real kube-apiserver (k8s.io/kubernetes v1.37.2) with etcd and the
# namespace controller in the same process, from the Go module proxy only. The first build takes about
# 9 minutes and 3.5 GB (module and build caches) on a 2-core machine; the binary is cached by the hash
# of go.mod, go.sum and main.go, so later calls print its path at once. Prints the binary's path.
#   usage: src/test/go/kube-apiserver/build.sh    (cache: GRR_GO_CACHE, default ~/.cache/grr-go)
# Run: <binary> <workdir> <securePort> <adminToken> [kube-apiserver flags]; /readyz with "Authorization: Bearer <adminToken>".
set -euo pipefail
cd "$(dirname "$0")"
cache="${GRR_GO_CACHE:-$HOME/.cache/grr-go}"
mkdir -p "$cache/bin"
# Test classes run in parallel forks: the first to get here builds, the others wait for its binary.
exec 9>"$cache/bin/.build.lock"
flock 9
binary="$cache/bin/kube-apiserver-$(cat go.mod go.sum main.go | sha256sum | cut -c1-16)"
if [ ! -x "$binary" ]; then
  export GOMODCACHE="$cache/mod" GOCACHE="$cache/build" GOFLAGS=-mod=mod
  v=k8s.io/component-base/version
  # Without the version stamp /version reports v0.0.0-master and kubectl refuses to parse it.
  go build -ldflags "-s -w -X $v.gitVersion=v1.37.2 -X $v.gitMajor=1 -X $v.gitMinor=37 -X $v.gitTreeState=clean" \
    -o "$binary.tmp" . && mv "$binary.tmp" "$binary"
fi
echo "$binary"
