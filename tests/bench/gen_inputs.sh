#!/usr/bin/env bash
# Generates the deterministic benchmark inputs with ../shared/tools/gen_x12.py:
#   837p_60mb.x12  102,000 claims, 59,984,427 bytes (reader_bench)
#   835_37mb.x12   101,000 claims, 36,973,048 bytes (reader_bench)
#   837p_1gb.x12   1,700,000 claims, 1,000,182,631 bytes, only with --big (rss_probe; ~3 min)
# A file that already has its expected size is kept. Seed 1 for both types: the 835 pays the
# claims of the 837P.
#
# usage: tests/bench/gen_inputs.sh [--big] [DIR]     (DIR defaults to <repo>/build/bench-data)
# CLAIMGATE_SHARED_DIR overrides the location of shared/ (default: the repo's parent/shared).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
shared_dir=${CLAIMGATE_SHARED_DIR:-"$repo_root/../shared"}
generator="$shared_dir/tools/gen_x12.py"

big=0
out_dir=""
for arg in "$@"; do
  case "$arg" in
    --big) big=1 ;;
    -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "gen_inputs: unknown option $arg" >&2; exit 2 ;;
    *) out_dir=$arg ;;
  esac
done
out_dir=${out_dir:-"$repo_root/build/bench-data"}

if [[ ! -f "$generator" ]]; then
  echo "gen_inputs: $generator not found; set CLAIMGATE_SHARED_DIR" >&2
  exit 1
fi
mkdir -p "$out_dir"

# make NAME TYPE CLAIMS EXPECTED_BYTES
make_input() {
  local path="$out_dir/$1" type=$2 claims=$3 expected=$4
  if [[ -f "$path" && $(stat -c %s "$path") == "$expected" ]]; then
    echo "gen_inputs: $1 up to date ($expected bytes)"
    return
  fi
  echo "gen_inputs: generating $1 ($type, $claims claims)"
  # Write beside the target and rename, so an interrupted run never leaves a short file that a
  # benchmark would read as a real one.
  python3 "$generator" --type "$type" --claims "$claims" --seed 1 --out "$path.tmp"
  mv "$path.tmp" "$path"
  local got
  got=$(stat -c %s "$path")
  if [[ "$got" != "$expected" ]]; then
    # The generator changed: figures are no longer comparable with earlier runs.
    echo "gen_inputs: warning: $1 is $got bytes, expected $expected; update this script" >&2
  fi
}

make_input 837p_60mb.x12 837P 102000 59984427
make_input 835_37mb.x12 835 101000 36973048
if ((big)); then
  make_input 837p_1gb.x12 837P 1700000 1000182631
fi
