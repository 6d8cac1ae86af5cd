#!/usr/bin/env bash
# End-to-end figure: N synthetic encounters submitted through POST /v1/claims/batch to a running
# gateway (deploy/run starts one with the payer simulator), then the time until every one of them
# is PAID (claimgate_claims{state="PAID"} on /metrics grows by N).
#   tests/bench/e2e_paid.sh [N] [PAYER]     (defaults: 10000 sim-sftp; run from the repo root)
# Uses var/demo-api-key, var/demo-platform-key and var/certs/ca.crt as deploy/run makes them. Synthetic data only.
set -euo pipefail
n=${1:-10000}
payer=${2:-sim-sftp}
url=${CLAIMGATE_URL:-https://127.0.0.1:8443}
key=$(cat var/demo-api-key)
platform_key=$(cat var/demo-platform-key)  # /metrics is the platform's
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

paid() {
  curl -s --cacert var/certs/ca.crt -H "Authorization: Bearer $platform_key" "$url/metrics" |
    awk -F' ' '/^claimgate_claims\{state="PAID"\}/ {print $2; found=1} END {if (!found) print 0}'
}

# One encounter per line (NDJSON), each with its own account number.
template=$(sed "s/SYNPAYER01/$payer/" docs/examples/837p-simple.json | tr -d '\n')
batch=1000
for ((start = 0; start < n; start += batch)); do
  for ((i = start; i < start + batch && i < n; i++)); do
    printf '%s\n' "${template/\"PCN0001\"/\"E2E$i\"}"
  done >"$tmp/batch-$start.ndjson"
done

before=$(paid)
t0=$(date +%s.%N)
for f in "$tmp"/batch-*.ndjson; do
  curl -sf --cacert var/certs/ca.crt -H "Authorization: Bearer $key" \
    -H "Content-Type: application/x-ndjson" --data-binary @"$f" "$url/v1/claims/batch" |
    grep -q '"rejected":0' || { echo "a batch had rejected items: $f" >&2; exit 1; }
done
t1=$(date +%s.%N)
echo "submitted $n encounters in $(echo "$t1 - $t0" | bc) s"
while :; do
  now=$(paid)
  done_count=$(printf '%.0f' "$(echo "$now - $before" | bc)")
  [ "$done_count" -ge "$n" ] && break
  sleep 0.5
done
t2=$(date +%s.%N)
echo "all $n PAID $(echo "$t2 - $t0" | bc) s after the first submission"
