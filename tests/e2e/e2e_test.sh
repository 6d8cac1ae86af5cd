#!/usr/bin/env bash
# End to end through both transports: `claimgate payer-sim` (a real sshd drop folder and a CORE
# HTTPS endpoint) and `claimgate serve` with payer files pointing at it, on free loopback ports
# in a temporary directory. For each payer, three synthetic encounters go in over HTTPS; the
# scheduler sends them, picks up the simulator's 999, 277CA and 835, and the claims must end
#   member SYN000111 -> PAID (92.80 paid, 23.20 patient responsibility, a remittance record),
#   member DENY0001  -> DENIED (CLP02 4),
#   member REJ00001  -> PAYER_REJECTED (277CA A3) with the reason in its history,
# and the simulator must have received every interchange once (no ISA13 twice).
# With "kill": 300 more claims go to the SFTP payer and the gateway is killed with SIGKILL three
# times while it batches and sends them, and restarted; every acknowledged claim must still end
# PAID, and the simulator must not have received any ISA13 twice.
# Usage: e2e_test.sh CLAIMGATE_BIN SOURCE_DIR [kill]
set -euo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
mode=${3:-}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
# The kill times are random: CLAIMGATE_TEST_SEED replays a run (a failure prints its seed).
seed=${CLAIMGATE_TEST_SEED:-$((RANDOM * 32768 + RANDOM))}
RANDOM=$seed
fail() {
  echo "FAIL: $*" >&2
  echo "random seed $seed; reproduce with CLAIMGATE_TEST_SEED=$seed" >&2
  echo "--- gateway log" >&2; tail -40 "$work/serve.log" >&2 || true
  echo "--- simulator log" >&2; tail -20 "$work/sim.log" >&2 || true
  exit 1
}
cd "$work"

"$src/certs/make-dev-certs.sh" certs >/dev/null
(umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >store.key)
admin=("$bin" admin --db claims.db --key-file store.key)
tenant=$("${admin[@]}" tenant create "E2E Clinic" | cut -f1)
key=$("${admin[@]}" key create --tenant "$tenant" --role submitter 2>/dev/null | awk '/^key:/ {print $2}')
[ -n "$key" ] || fail "no API key"
ssh-keygen -q -t ed25519 -N '' -C claimgate-e2e -f gateway_ed25519
export CLAIMGATE_SIM_CORE_PASSWORD=e2e-password

# The simulator on free ports with short delays.
sed -e "s|^state_dir = .*|state_dir = \"$work/sim\"|" \
    -e "s|^delay_277ca_ms = .*|delay_277ca_ms = 200|" \
    -e "s|^delay_835_ms = .*|delay_835_ms = 500|" \
    -e "s|^port = .*|port = 0|" \
    -e "s|^authorized_key_file = .*|authorized_key_file = \"$work/gateway_ed25519.pub\"|" \
    -e "s|^root = .*|root = \"$work/sim/sftp\"|" \
    -e "s|^cert_file = .*|cert_file = \"$work/certs/server.crt\"|" \
    -e "s|^key_file = .*|key_file = \"$work/certs/server.key\"|" \
    "$src/deploy/payer-sim.toml" >sim.toml
"$bin" payer-sim --config sim.toml >sim.out 2>sim.log &
pids+=($!)
for _ in $(seq 100); do grep -qx ready sim.out 2>/dev/null && break; sleep 0.1; done
grep -qx ready sim.out || fail "payer-sim did not start"
fingerprint=$(sed -n 's/^sftp_host_key_fingerprint=//p' sim.out)
sftp_port=$(sed -n 's/^sftp_port=//p' sim.out)
sftp_user=$(sed -n 's/^sftp_user=//p' sim.out)
core_url=$(sed -n 's/^core_url=//p' sim.out)
mkdir -p "$work/sim/sftp/outbound/done" payers

sed -e "s|SHA256:REPLACE_WITH_SIMULATOR_HOST_KEY_FINGERPRINT|$fingerprint|" \
    -e "s|^user = .*|user = \"$sftp_user\"|" \
    -e "s|^port = .*|port = $sftp_port|" \
    -e "s|^key_file = .*|key_file = \"file:$work/gateway_ed25519\"|" \
    -e "s|^window_seconds = .*|window_seconds = 1|" \
    -e "s|^poll_interval_seconds = .*|poll_interval_seconds = 5|" \
    "$src/payers/sim-sftp.toml" >payers/sim-sftp.toml
sed -e "s|^url = .*|url = \"$core_url\"|" \
    -e "s|^ca_file = .*|ca_file = \"$work/certs/ca.crt\"|" \
    -e "s|^window_seconds = .*|window_seconds = 1|" \
    -e "s|^batch_results_poll_seconds = .*|batch_results_poll_seconds = 5|" \
    "$src/payers/sim-core.toml" >payers/sim-core.toml

# The gateway on a free port.
sed -e "s|^port = .*|port = 0|" \
    -e "s|var/certs/|$work/certs/|g" \
    -e "s|^path = .*|path = \"$work/claims.db\"|" \
    -e "s|^encryption_key = .*|encryption_key = \"file:$work/store.key\"|" \
    -e "s|^dir = .*|dir = \"$work/payers\"|" \
    -e "s|^client_cert = .*|client_cert = \"off\"|" \
    "$src/deploy/claimgate.toml" >gateway.toml
starts=0
start_gateway() {
  starts=$((starts + 1))
  "$bin" serve --config gateway.toml 2>>serve.log &
  gateway_pid=$!
  pids+=("$gateway_pid")
  port=""
  for _ in $(seq 200); do
    if [ "$(grep -c server_started serve.log)" -ge "$starts" ]; then
      port=$(sed -n 's/.*server_started .* port=\([0-9]*\) .*/\1/p' serve.log | tail -1)
      break
    fi
    sleep 0.1
  done
  [ -n "$port" ] || fail "claimgate serve did not start"
  url="https://127.0.0.1:$port"
}
start_gateway
api() { curl -sS --cacert certs/ca.crt -H "Authorization: Bearer $key" "$@"; }

declare -A expect
for payer in sim-sftp sim-core; do
  for member in SYN000111 DENY0001 REJ00001; do
    sed -e "s/\"SYNPAYER01\"/\"$payer\"/" -e "s/\"SYN000111\"/\"$member\"/" \
      "$src/docs/examples/837p-simple.json" >enc.json
    answer=$(api -H "Idempotency-Key: $payer-$member" --json @enc.json "$url/v1/claims")
    id=$(printf '%s' "$answer" | sed -n 's/.*"id":"\(clm_[0-9a-f]*\)".*/\1/p')
    [ -n "$id" ] || fail "not accepted ($payer $member): $answer"
    case $member in
      SYN*) expect[$id]=PAID ;;
      DENY*) expect[$id]=DENIED ;;
      REJ*) expect[$id]=PAYER_REJECTED ;;
    esac
  done
done

if [ "$mode" = kill ]; then
  for i in $(seq 300); do
    sed -e 's/"SYNPAYER01"/"sim-sftp"/' -e "s/\"PCN0001\"/\"KILL$i\"/" \
      "$src/docs/examples/837p-simple.json" | tr -d '\n'
    echo
  done >batch.ndjson
  api -H "Content-Type: application/x-ndjson" -H "Idempotency-Key: kill-batch" \
    --data-binary @batch.ndjson "$url/v1/claims/batch" >batch.json
  for id in $(python3 -c 'import json,sys
for item in json.load(open("batch.json"))["items"]:
    print(item["id"])'); do
    expect[$id]=PAID
  done
  [ "${#expect[@]}" -eq 306 ] || fail "the batch was not accepted whole: $(head -c 300 batch.json)"
  for round in 1 2 3; do
    sleep "0.$((RANDOM % 9 + 1))"
    kill -9 "$gateway_pid"
    wait "$gateway_pid" 2>/dev/null || true
    start_gateway
  done
fi

# How many expected claims are not yet in their state: one listing per state (ids.tsv: id, state).
for id in "${!expect[@]}"; do printf '%s\t%s\n' "$id" "${expect[$id]}"; done >ids.tsv
not_there() {
  python3 - "$url" "$key" "$work/certs/ca.crt" "$work/ids.tsv" <<'PY'
import json, ssl, sys, urllib.request
url, key, ca, ids = sys.argv[1:5]
want = dict(line.rstrip("\n").split("\t") for line in open(ids))
ctx = ssl.create_default_context(cafile=ca)
have = {}
for state in set(want.values()):
    cursor = ""
    while True:
        q = f"{url}/v1/claims?state={state}&limit=500" + (f"&cursor={cursor}" if cursor else "")
        req = urllib.request.Request(q, headers={"Authorization": "Bearer " + key})
        page = json.load(urllib.request.urlopen(req, context=ctx, timeout=10))
        for c in page["claims"]:
            have[c["id"]] = state
        cursor = page.get("nextCursor", "")
        if not cursor:
            break
missing = [i for i, s in want.items() if have.get(i) != s]
print(len(missing), " ".join(missing[:5]))
PY
}
deadline=$((SECONDS + 150))
while :; do
  left=$(not_there 2>/dev/null || echo "? (gateway not answering)")
  [ "${left%% *}" = 0 ] && break
  [ "$SECONDS" -lt "$deadline" ] || fail "claims not in their final states after 150 s: $left"
  sleep 1
done

# The paid claims carry their payment; the rejected ones their reason; remittances exist.
for id in "${!expect[@]}"; do
  body=$(api "$url/v1/claims/$id")
  case ${expect[$id]} in
    PAID)
      grep -q '"paid":"92.80"' <<<"$body" || fail "$id: no 92.80 payment: $body"
      grep -q '"patientResponsibility":"23.20"' <<<"$body" || fail "$id: patient responsibility"
      ;;
    PAYER_REJECTED)
      grep -q '"event":"payer_rejected"' <<<"$body" || fail "$id: no payer_rejected event"
      ;;
  esac
done
remits=$(api "$url/v1/remittances")
for payer in sim-sftp sim-core; do
  grep -q "\"payerId\":\"$payer\"" <<<"$remits" || fail "no remittance from $payer: $remits"
done
# Every interchange reached the simulator once.
dups=$(cut -f2 "$work/sim/processed.tsv" | sort | uniq -d | wc -l)
[ "$dups" -eq 0 ] || fail "the simulator received an interchange twice"
# No ISA13 twice among the SFTP deliveries (file names carry the payer; CORE resends the same
# payload by design when an outcome is unknown).
sftp_dups=$(awk -F'\t' '$1 ~ /^sim-sftp_/ {print $3}' "$work/sim/processed.tsv" | sort | uniq -d | wc -l)
[ "$sftp_dups" -eq 0 ] || fail "the simulator received an SFTP ISA13 twice"
echo "e2e${mode:+ ($mode)}: ${#expect[@]} claims reached PAID / DENIED / PAYER_REJECTED over SFTP and CORE"
