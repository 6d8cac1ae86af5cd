#!/usr/bin/env bash
# certs/make-dev-certs.sh [DIR]: makes development TLS material for claimgate in DIR
# (default var/certs, which git ignores):
#   ca.crt / ca.key          a development certificate authority (10 years)
#   server.crt / server.key  a server certificate for localhost, 127.0.0.1 and ::1 (825 days)
#   client.crt / client.key  a client certificate for mutual-TLS tests (CN=claimgate-dev-client)
# Idempotent: when every file exists and the certificates verify against the CA and are not
# about to expire, it does nothing. Private keys are created mode 0600. Development only: the
# CA key sits next to the certificates; a production install uses certificates from a real CA.
set -euo pipefail

dir="${1:-var/certs}"
days_ca=3650
days_leaf=825

valid() {
  local f
  for f in ca.crt ca.key server.crt server.key client.crt client.key; do
    [ -s "$dir/$f" ] || return 1
  done
  openssl verify -CAfile "$dir/ca.crt" "$dir/server.crt" "$dir/client.crt" >/dev/null 2>&1 || return 1
  # Still valid in a week.
  openssl x509 -checkend 604800 -noout -in "$dir/server.crt" >/dev/null 2>&1 || return 1
  openssl x509 -checkend 604800 -noout -in "$dir/client.crt" >/dev/null 2>&1 || return 1
  return 0
}

if valid; then
  echo "make-dev-certs: certificates in $dir are present and valid"
  exit 0
fi

mkdir -p "$dir"
chmod 0700 "$dir"
umask 077
tmp="$(mktemp -d "$dir/.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# The CA.
newkey "$tmp/ca.key"
openssl req -x509 -new -key "$tmp/ca.key" -sha256 -days "$days_ca" \
  -subj "/O=claimgate development/CN=claimgate dev CA" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out "$tmp/ca.crt"

# sign NAME SUBJECT EXTENSIONS...
sign() {
  local name="$1" subject="$2" ext="$tmp/$1.ext"
  shift 2
  printf '%s\n' "$@" >"$ext"
  newkey "$tmp/$name.key"
  openssl req -new -key "$tmp/$name.key" -subj "$subject" -out "$tmp/$name.csr"
  openssl x509 -req -in "$tmp/$name.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" \
    -CAcreateserial -sha256 -days "$days_leaf" -extfile "$ext" -out "$tmp/$name.crt" 2>/dev/null
}

sign server "/O=claimgate development/CN=localhost" \
  "basicConstraints=critical,CA:FALSE" \
  "keyUsage=critical,digitalSignature" \
  "extendedKeyUsage=serverAuth" \
  "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"
sign client "/O=claimgate development/CN=claimgate-dev-client" \
  "basicConstraints=critical,CA:FALSE" \
  "keyUsage=critical,digitalSignature" \
  "extendedKeyUsage=clientAuth"

for f in ca server client; do
  install -m 0644 "$tmp/$f.crt" "$dir/$f.crt"
  install -m 0600 "$tmp/$f.key" "$dir/$f.key"
done
echo "make-dev-certs: wrote a development CA, server and client certificates to $dir"
