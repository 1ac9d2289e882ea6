#!/usr/bin/env bash
# `check` and `build` of a site holding one notice just under the 4 MiB limit, release binary:
# realistic prose repeated, and pathological shapes (one 4 MiB line, deep quotes and lists,
# thousands of findings, unclosed brackets and emphasis). See docs/hardening.md.
#
#   bench/big-notice.sh            # every variant
#   bench/big-notice.sh prose tbc  # some of them
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
target=${CARGO_TARGET_DIR:-target}
nice -n 10 cargo build --release --quiet --bin informed
informed=$(cd "$target/release" && pwd)/informed
work=${WORK:-/tmp/informed-big-notice}
size=${SIZE:-$((4 * 1024 * 1024 - 4096))} # under max_notice_bytes (4 MiB), room for the front matter
limit=${LIMIT:-300}              # seconds before a run is called a hang

# The body of content/leaders-network.md (our own example notice), without its front matter,
# repeated: one paragraph per line as written (`sep` = "\n"), or all on one line (`sep` = " ").
prose() {
  awk -v size="$size" -v sep="$1" 'n >= 2 { buf = buf $0 sep } /^---$/ { n++ }
    END { while (out < size) { printf "%s%s", buf, sep; out += length(buf) + 1 } }' \
    "$repo/content/leaders-network.md" | head -c "$size"
}
# `$1` over and over (awk reads `\n` in it as a newline).
repeat() {
  awk -v s="$1" -v size="$size" 'BEGIN { n = int(size / length(s)) + 1; for (i = 0; i < n; i++) printf "%s", s }' |
    head -c "$size"
}

variant() {
  # `head -c` may close the pipe while the generator writes (SIGPIPE): hence `|| true` below.
  case "$1" in
    prose) prose '\n' ;;
    one-line) prose ' ' ;;
    deep-quotes) repeat '> ' ;;
    deep-lists) repeat '- ' ;;
    nested-indent) awk -v size="$size" 'BEGIN { for (i = 0; out < size; i++) { l = sprintf("%*s- item %d\n", 2 * i, "", i); printf "%s", l; out += length(l) } }' | head -c "$size" ;;
    tbc) repeat 'TBC ' ;;
    brackets) repeat '[a ' ;;
    emphasis) repeat '*a _b ' ;;
    links) repeat '[a](b ' ;;
    divs) repeat '<div>' ;;
    headings) repeat '# h\n' ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
}

variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(prose one-line deep-quotes deep-lists nested-indent tbc brackets emphasis links divs headings)
echo "informed $("$informed" --version | cut -d' ' -f2-); $(uptime)"
echo "| notice | bytes | lines | check | build | exit (check, build) |"
echo "|---|---|---|---|---|---|"
for v in "${variants[@]}"; do
  site="$work/$v"
  rm -rf "$site"
  mkdir -p "$site/content"
  echo 'title = "Big notice"' >"$site/informed.toml"
  { printf -- '---\ntitle: Big notice (%s)\n---\n\n' "$v"; variant "$v" || true; echo; } >"$site/content/big.md"
  bytes=$(wc -c <"$site/content/big.md")
  lines=$(wc -l <"$site/content/big.md")
  run() {
    local start end code
    start=$(date +%s.%N)
    code=0
    (cd "$site" && timeout "$limit" "$informed" "$@" >/dev/null 2>"$work/$v.$1.err") || code=$?
    end=$(date +%s.%N)
    printf '%.2f s|%s' "$(echo "$end - $start" | bc)" "$code"
  }
  c=$(run check); b=$(run build)
  echo "| $v | $bytes | $lines | ${c%|*} | ${b%|*} | ${c#*|}, ${b#*|} |"
done
