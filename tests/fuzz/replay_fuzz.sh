#!/usr/bin/env bash
# CI's fuzz step: deterministic. Runs a built libFuzzer target on every regression input of its
# own (tests/fuzz/regressions/TARGET/) one by one, then on the seed corpus (the shared X12
# corpus and those inputs) with a fixed -seed and a fixed number of runs and no time budget, so
# the same binary explores the same inputs every time. RUNS 0 (the default) runs the seeds only:
# that is the same for every build of a commit, wherever it is built.
# Exploring with random seeds for longer is explore_fuzz.sh's job, outside CI.
#
# usage: tests/fuzz/replay_fuzz.sh FUZZ_BINARY [RUNS [SEED]]   (RUNS: 0, SEED: 1)
set -euo pipefail
if [[ $# -lt 1 ]]; then
  sed -n '9p' "$0" | sed 's/^# //' >&2
  exit 2
fi
source "$(dirname "${BASH_SOURCE[0]}")/fuzz_common.sh"
fuzz_prepare "$1"
runs=${2:-0}
seed=${3:-1}

inputs=()
if [[ -d "$regressions" ]]; then
  for file in "$regressions"/*; do [[ -f "$file" ]] && inputs+=("$file"); done
fi
if ((${#inputs[@]} > 0)); then
  # Given files, libFuzzer runs each once and stops at the first that fails.
  "$binary" -rss_limit_mb=2048 -timeout=60 "${inputs[@]}" 2>"$corpus/regressions.log" || {
    cat "$corpus/regressions.log" >&2
    echo "replay_fuzz: $target failed on a regression input (named above)" >&2
    exit 1
  }
  echo "replay_fuzz: $target: ${#inputs[@]} regression input(s) pass"
fi

# Address-space randomisation off: libFuzzer mines compared values for mutations, and pointers
# among them would make the explored inputs differ from run to run.
no_aslr=()
if setarch "$(uname -m)" -R true 2>/dev/null; then no_aslr=(setarch "$(uname -m)" -R); fi
# -timeout is generous: a slow CI machine must not turn a normal input into a failure.
artifacts=$(mktemp -d "${TMPDIR:-/tmp}/claimgate-fuzz-artifacts.XXXXXX")
status=0
"${no_aslr[@]}" "$binary" -seed="$seed" -runs="$runs" -reload=0 -max_len=65536 -timeout=60 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict_args[@]}" "$corpus" \
  >"$corpus/../$(basename "$corpus").log" 2>&1 || status=$?
log="$corpus/../$(basename "$corpus").log"
grep '^stat::' "$log" || true
if ((status != 0)); then
  tail -60 "$log" >&2
  echo "replay_fuzz: $target failed (exit $status) with -seed=$seed -runs=$runs; the input is in" \
       "$artifacts/. Reproduce: $binary $artifacts/<crash-file>; keep it as a regression input" \
       "in tests/fuzz/regressions/$target/ with the fix." >&2
  exit 1
fi
rm -rf "$artifacts" "$log"
echo "replay_fuzz: $target: no failure in $runs runs (seed $seed)"
