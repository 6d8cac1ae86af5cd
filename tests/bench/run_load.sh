#!/usr/bin/env bash
# tests/bench/run_load.sh [BUILD_DIR] [SECONDS] [CLIENTS ...]
# Durable encounter ingest over HTTPS: makes a temporary directory with development certificates,
# a store key, a tenant and a submitter key (`claimgate admin`), starts `claimgate serve` on a
# free port, runs tests/bench/load_gen for SECONDS (default 20) at each client count (default
# 64 128 256), prints its figures, and stops the server. Environment: WORKER_THREADS and
# IO_THREADS override the server's defaults; LOG_LEVEL (default info, the production default;
# the log goes to a file in the temporary directory); KEEP=1 keeps the directory; CLAIMGATE_BIN
# and LOAD_GEN name other binaries; PAYERS_OFF=0 leaves out [payers] enabled = false; RATE=R
# runs the clients open loop at R requests/s in total (latency counted from the scheduled time)
# instead of closed loop.
set -euo pipefail

src="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$src/build/release}"
seconds="${2:-20}"
shift $(( $# >= 2 ? 2 : $# ))
clients=("$@")
[ ${#clients[@]} -gt 0 ] || clients=(64 128 256)

bin="${CLAIMGATE_BIN:-$build/src/cli/claimgate}"
gen="${LOAD_GEN:-$build/tests/bench/load_gen}"
for f in "$bin" "$gen"; do
  [ -x "$f" ] || { echo "run_load: $f not built (CLAIMGATE_BUILD_BENCH=ON)" >&2; exit 2; }
done

tmp="$(mktemp -d /tmp/claimgate-load-XXXXXX)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    wait "$pid" || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "run_load: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

"$src/certs/make-dev-certs.sh" "$tmp/certs" >/dev/null
openssl rand -hex 32 > "$tmp/store.key"
chmod 600 "$tmp/store.key"
admin=("$bin" admin --db "$tmp/claimgate.db" --key-file "$tmp/store.key")
tenant="$("${admin[@]}" tenant create load-test | cut -f1)"
"${admin[@]}" key create --tenant "$tenant" --role submitter --label load 2>/dev/null |
  sed -n 's/^key: *//p' > "$tmp/api.key"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
{
  echo "[server]"
  echo "port = $port"
  [ -n "${IO_THREADS:-}" ] && echo "io_threads = $IO_THREADS"
  [ -n "${WORKER_THREADS:-}" ] && echo "worker_threads = $WORKER_THREADS"
  echo "[server.tls]"
  echo "cert_file = \"$tmp/certs/server.crt\""
  echo "key_file = \"$tmp/certs/server.key\""
  echo "[limits]"
  echo "connections_per_ip = 1024"
  echo "[store]"
  echo "path = \"$tmp/claimgate.db\""
  echo "encryption_key = \"file:$tmp/store.key\""
  echo "[log]"
  echo "level = \"${LOG_LEVEL:-info}\""
  if [ "${PAYERS_OFF:-1}" = 1 ]; then echo "[payers]"; echo "enabled = false"; fi
} > "$tmp/claimgate.toml"

"$bin" serve --config "$tmp/claimgate.toml" 2> "$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do
  curl -sf --cacert "$tmp/certs/ca.crt" "https://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.1
done
curl -sf --cacert "$tmp/certs/ca.crt" "https://127.0.0.1:$port/healthz" >/dev/null ||
  { echo "run_load: the server did not start:" >&2; cat "$tmp/serve.log" >&2; exit 1; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, load average:$(uptime | sed 's/.*load average://')"
echo "# server: $(grep -o 'server_started.*' "$tmp/serve.log" | head -1)"
for n in "${clients[@]}"; do
  "$gen" --port "$port" --ca "$tmp/certs/ca.crt" --api-key-file "$tmp/api.key" \
    --template "$src/docs/examples/837p-simple.json" --clients "$n" --seconds "$seconds" \
    ${RATE:+--rate "$RATE"}
done
echo "# after: load average:$(uptime | sed 's/.*load average://')"
