#!/usr/bin/env bash
# Instruction counts of `informed check` (cold, --no-cache) on N notices of each benchmark corpus,
# with valgrind's callgrind: repeatable on a loaded machine, where wall-clock time is not.
# See docs/benchmarks.md ("Instruction counts").
#
#   bench/callgrind.sh                      # 200 notices of each corpus
#   bench/callgrind.sh 1000 ../shared       # N, and the folder holding real-notices/ and t200-dev/
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
shared=${2:-../shared}
target=${CARGO_TARGET_DIR:-target}
cargo build --profile profiling --quiet --bin informed --example bench
bin=$(realpath "$target/profiling/informed")
work=$(mktemp -d /tmp/informed-callgrind.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$target/profiling/examples/bench" gen --n "$n" --out "$work/generated" 2>/dev/null
"$target/profiling/examples/bench" gen-real --n "$n" --out "$work/real" --shared "$shared" 2>/dev/null
for corpus in generated real; do
    out="$work/$corpus.callgrind"
    # One thread, so the count does not depend on scheduling.
    (cd "$work/$corpus" && RAYON_NUM_THREADS=1 INFORMED_TODAY=2025-06-01 \
        valgrind --tool=callgrind --callgrind-out-file="$out" \
        "$bin" check --no-cache >/dev/null 2>"$work/$corpus.log" || true)
    total=$(grep -E '^(summary|totals):' "$out" | head -1 | awk '{print $2}')
    printf '%-10s %6d notices  %15s instructions  %8.2f M per notice\n' \
        "$corpus" "$n" "$total" "$(echo "$total / $n / 1000000" | bc -l)"
    if [[ -n "${KEEP:-}" ]]; then cp "$out" "./$corpus-$n.callgrind"; fi
done
