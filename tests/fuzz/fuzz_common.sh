# Sourced by replay_fuzz.sh and explore_fuzz.sh: fills a temporary seed corpus for one libFuzzer
# target with every file of the shared X12 corpus and the target's regression inputs
# (tests/fuzz/regressions/TARGET/), so that new inputs the fuzzer writes never land in shared/
# or in the repository. Sets: binary, target, repo_root, regressions, corpus, dict_args.
# CLAIMGATE_SHARED_DIR overrides the location of shared/ (default: the repo's parent/shared).

fuzz_prepare() {
  binary=$1
  [[ -x "$binary" ]] || { echo "fuzz: $binary is not an executable" >&2; exit 2; }
  target=$(basename "$binary")
  target=${target%_fuzz}
  repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  regressions="$repo_root/tests/fuzz/regressions/$target"
  local shared_dir=${CLAIMGATE_SHARED_DIR:-"$repo_root/../shared"}
  local corpus_src="$shared_dir/x12-corpus"
  [[ -d "$corpus_src" ]] || { echo "fuzz: $corpus_src not found; set CLAIMGATE_SHARED_DIR" >&2; exit 2; }

  corpus=$(mktemp -d "${TMPDIR:-/tmp}/claimgate-fuzz.XXXXXX")
  trap 'rm -rf "$corpus"' EXIT
  # Flattened names (837P/a.edi -> 837P__a.edi): the same file name occurs in several folders.
  local seeds=0 file rel
  while IFS= read -r -d '' file; do
    rel=${file#"$corpus_src/"}
    cp "$file" "$corpus/${rel//\//__}"
    seeds=$((seeds + 1))
  done < <(find "$corpus_src" -path "$corpus_src/LICENSES" -prune -o -type f \
             ! -name '*.tsv' ! -name '*.md' -print0)
  local kept=0
  if [[ -d "$regressions" ]]; then
    for file in "$regressions"/*; do
      [[ -f "$file" ]] || continue
      cp "$file" "$corpus/regression__$(basename "$file")"
      kept=$((kept + 1))
    done
  fi
  echo "fuzz: $target: $seeds corpus files and $kept regression inputs as seeds"

  dict_args=()
  [[ -f "$repo_root/tests/fuzz/x12.dict" ]] && dict_args=(-dict="$repo_root/tests/fuzz/x12.dict")
  return 0
}
