#!/usr/bin/env bash
# Checks a rulex report.html in a real headless browser: the page loads from file:// with no
# network, and its DOM holds the result tables and the SVG charts (bar charts with a chance line,
# training curves). Optionally saves a screenshot to look at.
#
#   scripts/check-report.sh <report.html> [--screenshot out.png]
#
# Installs Debian's chromium with apt-get if it is missing (needs root or sudo).
set -euo pipefail

usage() { echo "usage: $0 <report.html> [--screenshot out.png]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
html=$1; shift
shot=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --screenshot) [[ $# -ge 2 ]] || usage; shot=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ -f $html ]] || { echo "check-report: $html: no such file" >&2; exit 2; }
html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")

if ! command -v chromium >/dev/null 2>&1; then
  echo "check-report: chromium is missing; installing it with apt-get (this can take minutes)" >&2
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >/dev/null
fi

profile=$(mktemp -d)
dom=$(mktemp)
trap 'rm -rf "$profile" "$dom"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile")

timeout 120 chromium "${flags[@]}" --dump-dom "file://$html" >"$dom" 2>/dev/null || {
  echo "check-report: chromium failed to load $html" >&2; exit 1; }

fail=0
# grep finds nothing with status 1; under pipefail that would end the script before its FAIL line.
count() { { grep -o -- "$1" "$dom" || true; } | wc -l; }
expect() { # name, pattern, minimum count
  local n; n=$(count "$2")
  if (( n >= $3 )); then printf '  ok    %-38s %d\n' "$1" "$n"
  else printf '  FAIL  %-38s %d (want >= %d)\n' "$1" "$n" "$3"; fail=1; fi
}
echo "check-report: $html (DOM $(wc -c <"$dom") bytes, rendered by $(chromium --version 2>/dev/null | head -1))"
expect "tables"                     '<table'                      2
expect "in-distribution table"      '<h2>In-distribution</h2>'    1
expect "rule extrapolation table"   '<h2>Rule extrapolation'      1
expect "published reference table"  'published (finished-only, max over training)' 1
expect "SVG charts"                 '<svg'                        2
expect "bar charts"                 'class="chart rule-extrapolation"' 1
expect "bars"                       '<rect class="bar"'           1
expect "training curve charts"      'class="chart training-curve"' 1
expect "curve lines"                '<path d="M'                  1
if grep -q '<script' "$dom"; then echo "  FAIL  the page has a script"; fail=1; else echo "  ok    no scripts"; fi
if grep -Eo '(src|href)="[a-z]+://[^"]*' "$dom" | grep -q .; then echo "  FAIL  the page loads external resources"; fail=1; else echo "  ok    no external resources"; fi

if [[ -n $shot ]]; then
  shot_abs=$(cd "$(dirname "$shot")" && pwd)/$(basename "$shot")
  timeout 120 chromium "${flags[@]}" --hide-scrollbars --window-size=1280,2400 --screenshot="$shot_abs" "file://$html" >/dev/null 2>&1 || true
  if [[ -s $shot_abs ]]; then echo "  ok    screenshot $shot_abs"; else echo "  FAIL  no screenshot written"; fail=1; fi
fi

if (( fail )); then echo "check-report: FAILED"; exit 1; fi
echo "check-report: passed"
