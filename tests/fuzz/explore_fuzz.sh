#!/usr/bin/env bash
# Exploratory fuzzing, outside CI: runs a built libFuzzer target with a random seed for a time
# budget, seeded like CI's replay (the shared X12 corpus and the target's regression inputs).
# A crash, leak, timeout or disagreement makes it exit non-zero, and the input that caused it is
# copied into tests/fuzz/regressions/TARGET/ (named by its SHA-1): fix the code, then commit the
# input with the fix; the target's unit test (tests/edi/reader_chunking_test.cpp for the reader)
# and CI's replay_fuzz.sh then run it on every build. Builds nothing.
#
# usage: tests/fuzz/explore_fuzz.sh FUZZ_BINARY SECONDS [LIBFUZZER_FLAG...]
set -euo pipefail
if [[ $# -lt 2 ]]; then
  sed -n '9p' "$0" | sed 's/^# //' >&2
  exit 2
fi
source "$(dirname "${BASH_SOURCE[0]}")/fuzz_common.sh"
fuzz_prepare "$1"
seconds=$2
extra_flags=("${@:3}")
artifacts=$(cd "$(dirname "$binary")" && pwd)/artifacts
mkdir -p "$artifacts"
seed=$(od -An -tu4 -N4 /dev/urandom | tr -d ' ')
echo "explore_fuzz: $target for ${seconds} s, seed $seed, artifacts in $artifacts/"

status=0
"$binary" -seed="$seed" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict_args[@]}" \
  "${extra_flags[@]}" "$corpus" || status=$?
if ((status != 0)); then
  mkdir -p "$regressions"
  newest=$(ls -t "$artifacts" | head -1)
  if [[ -n "$newest" ]]; then
    kept="$regressions/$(sha1sum "$artifacts/$newest" | cut -c1-16).bin"
    cp "$artifacts/$newest" "$kept"
    echo "explore_fuzz: $target failed (exit $status, seed $seed); the input is kept as $kept" >&2
  else
    echo "explore_fuzz: $target failed (exit $status, seed $seed)" >&2
  fi
  exit 1
fi
echo "explore_fuzz: no failure in ${seconds} s (seed $seed)"
