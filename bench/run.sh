#!/usr/bin/env bash
# The informed benchmark: builds the fully optimised binaries (the `dist` profile), then generates corpora of 1,000, 10,000 and
# 100,000 notices under /tmp and measures informed (build, no-op rebuild, check, one-notice
# serve edit), the raw floor and Hugo (when installed), alternating runs. See docs/benchmarks.md.
#
#   bench/run.sh                                   # the full run (about 20-40 minutes)
#   bench/run.sh --sizes 1000,10000 --runs 3       # any `bench run` options
#   bench/run.sh --corpora real --shared ../shared # the corpus cut from real notices only
# Both corpora (`generated`, and `real`, cut at run time from ../shared/real-notices and
# ../shared/t200-dev) are measured side by side by default.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --profile dist --quiet --bin informed --example bench
target=${CARGO_TARGET_DIR:-target}
exec "$target/dist/examples/bench" run --informed "$target/dist/informed" "$@"
