#!/bin/sh
# Checks the essec image as a user would (make image-test): it runs as the
# numeric non-root user 65532 with essec as its entrypoint, carries a CA
# bundle, prints a real version, and audits the demo mounted read-only
# without network. The image has no shell: the user is read from the image
# configuration and files are copied out of a created container.
#   ENGINE        docker or podman
#   ENGINE_FLAGS  before the subcommand (podman without systemd: --runtime runc --cgroup-manager=cgroupfs)
#   RUN_FLAGS     added to run (for instance --ulimit nofile=20000:20000)
#   IMAGE         the image to check (essec:snapshot)
set -eu
: "${ENGINE:?no container engine (docker or podman): nothing to test}"
IMAGE=${IMAGE:-essec:snapshot}
e() { "$ENGINE" ${ENGINE_FLAGS:-} "$@"; }
fail() { echo "image-test: FAIL: $*" >&2; exit 1; }

user=$(e image inspect --format '{{.Config.User}}' "$IMAGE")
entry=$(e image inspect --format '{{json .Config.Entrypoint}}' "$IMAGE")
[ "$user" = "65532:65532" ] || fail "the image runs as \"$user\", want 65532:65532"
[ "$entry" = '["essec"]' ] || fail "entrypoint $entry, want [\"essec\"]"
echo "image-test: user $user, entrypoint $entry"

version=$(e run --rm --network none ${RUN_FLAGS:-} "$IMAGE" version) || fail "essec version failed"
echo "image-test: $version"
case "$version" in
essec\ 0.0.0-unversioned* | *" dev "* | "") fail "the image's essec reports no real version: $version" ;;
esac

ctr=$(e create "$IMAGE")
trap 'e rm "$ctr" >/dev/null 2>&1 || true' EXIT
tmp=$(mktemp -d)
e cp "$ctr:/etc/ssl/certs/ca-certificates.crt" "$tmp/ca.crt"
e cp "$ctr:/etc/passwd" "$tmp/passwd"
n=$(grep -c 'BEGIN CERTIFICATE' "$tmp/ca.crt" || true)
[ "$n" -gt 0 ] || fail "the CA bundle holds no certificate"
grep -q '^nonroot:x:65532:65532:' "$tmp/passwd" || fail "/etc/passwd has no nonroot user"
rm -rf "$tmp"
echo "image-test: CA bundle with $n certificates, /etc/passwd names nonroot"

demo=$(cd "$(dirname "$0")/../../testdata/demo" && pwd)
set +e
out=$(e run --rm --network none ${RUN_FLAGS:-} -v "$demo:/demo:ro" "$IMAGE" audit /demo/essec.yaml --level basic --color never 2>&1)
code=$?
set -e
[ "$code" -eq 1 ] || fail "audit of the demo exited $code, want 1 (the demo misses basic):
$out"
echo "$out" | grep -q 'NOT MET' || fail "audit output has no verdict:
$out"
echo "image-test: audit of the demo as uid 65532 exited 1 (basic not met), as expected"
echo "image-test: ok"
