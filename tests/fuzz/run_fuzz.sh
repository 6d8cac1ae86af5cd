#!/usr/bin/env bash
# Runs a built libFuzzer target for a bounded time, seeded with every file of the shared X12
# corpus (copied into a temporary corpus so new inputs never land in shared/). Builds nothing.
# A crash, leak or timeout makes it exit non-zero; the input is kept in ARTIFACT_DIR (default:
# <binary dir>/artifacts) and named on stderr.
#
# usage: tests/fuzz/run_fuzz.sh FUZZ_BINARY [SECONDS [LIBFUZZER_FLAG...]]   (SECONDS: 60)
# CLAIMGATE_SHARED_DIR overrides the location of shared/ (default: the repo's parent/shared).
set -euo pipefail

if [[ $# -lt 1 ]]; then
  sed -n '7p' "$0" | sed 's/^# //' >&2
  exit 2
fi
binary=$1
seconds=${2:-60}
extra_flags=("${@:3}")
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
shared_dir=${CLAIMGATE_SHARED_DIR:-"$repo_root/../shared"}
corpus_src="$shared_dir/x12-corpus"
artifact_dir=${ARTIFACT_DIR:-"$(cd "$(dirname "$binary")" && pwd)/artifacts"}

[[ -x "$binary" ]] || { echo "run_fuzz: $binary is not an executable" >&2; exit 2; }
[[ -d "$corpus_src" ]] || { echo "run_fuzz: $corpus_src not found; set CLAIMGATE_SHARED_DIR" >&2; exit 2; }

corpus=$(mktemp -d "${TMPDIR:-/tmp}/claimgate-fuzz.XXXXXX")
trap 'rm -rf "$corpus"' EXIT
mkdir -p "$artifact_dir"

# Flattened names (837P/a.edi -> 837P__a.edi): the same file name occurs in several folders.
seeds=0
while IFS= read -r -d '' file; do
  rel=${file#"$corpus_src/"}
  cp "$file" "$corpus/${rel//\//__}"
  seeds=$((seeds + 1))
done < <(find "$corpus_src" -path "$corpus_src/LICENSES" -prune -o -type f \
           ! -name '*.tsv' ! -name '*.md' -print0)
echo "run_fuzz: $seeds seed files, ${seconds} s, artifacts in $artifact_dir/"

dict_args=()
[[ -f "$repo_root/tests/fuzz/x12.dict" ]] && dict_args=(-dict="$repo_root/tests/fuzz/x12.dict")

status=0
"$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$artifact_dir/" "${dict_args[@]}" "${extra_flags[@]}" "$corpus" || status=$?
if ((status != 0)); then
  echo "run_fuzz: $(basename "$binary") failed (exit $status); see the input named above" >&2
  exit 1
fi
echo "run_fuzz: no crash in ${seconds} s"
