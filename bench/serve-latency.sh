#!/usr/bin/env bash
# Edit-to-served latency of `informed serve`, started as users start it (`cd site && informed
# serve`: no --root, no --port), at 100, 1,000 and 10,000 generated notices. See docs/serve.md.
#
#   bench/serve-latency.sh                         # 30 edits per size
#   bench/serve-latency.sh --sizes 10000 --edits 50
#
# Builds the release binary and the two examples at low priority (the machine may be shared),
# generates each site under $WORK (default /tmp/informed-serve-latency), and prints the load
# average before each size: take figures when it is low.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=100,1000,10000
edits=30
work=${WORK:-/tmp/informed-serve-latency}
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --edits) edits=$2; shift 2 ;;
    *) echo "usage: $0 [--sizes 100,1000,10000] [--edits 30]" >&2; exit 2 ;;
  esac
done
target=${CARGO_TARGET_DIR:-target}
nice -n 10 cargo build --release --quiet --bin informed --example bench --example serve_latency
mkdir -p "$work"
echo "informed $("$target/release/informed" --version | cut -d' ' -f2-); $(nproc) cores; $(uptime)"
for n in ${sizes//,/ }; do
  site="$work/site-$n"
  if [ ! -f "$site/.generated-$n" ]; then
    rm -rf "$site"
    "$target/release/examples/bench" gen --n "$n" --out "$site" >/dev/null
    touch "$site/.generated-$n"
  fi
  echo "== $n notices"
  "$target/release/examples/serve_latency" --informed "$target/release/informed" \
    --site "$site" --edits "$edits"
done
