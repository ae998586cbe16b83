#!/usr/bin/env bash
# Checks a rulex report.html (the bench's or a suite's) in a real headless browser: the page loads
# from file:// with no network and no scripts; its DOM holds the tables and the SVG charts (for the
# bench: the summary figure, bar charts with a chance line, training curves); every table sits in
# its own scrolling box; and laid out 1280 px wide, nothing sticks out of the page. Every failed
# check prints a FAIL line, and the script then exits 1. Optionally saves a screenshot.
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
[[ -f $html ]] || { echo "  FAIL  $html: no such file"; echo "check-report: FAILED"; exit 2; }
html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")

if ! command -v chromium >/dev/null 2>&1; then
  echo "check-report: chromium is missing; installing it with apt-get (this can take minutes)" >&2
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  if ! { $sudo apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >/dev/null; }; then
    echo "  FAIL  chromium could not be installed with apt-get"; echo "check-report: FAILED"; exit 1
  fi
fi

profile=$(mktemp -d)
dom=$(mktemp)
probe_dir=$(mktemp -d)
trap 'rm -rf "$profile" "$dom" "$probe_dir"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile")

timeout 120 chromium "${flags[@]}" --dump-dom "file://$html" >"$dom" 2>/dev/null || {
  echo "  FAIL  chromium could not load $html"; echo "check-report: FAILED"; exit 1; }

fail=0
# grep finds nothing with status 1; under pipefail that would end the script before its FAIL line.
count() { { grep -o -- "$1" "$dom" || true; } | wc -l; }
ok()   { printf '  ok    %-42s %s\n' "$1" "$2"; }
bad()  { printf '  FAIL  %-42s %s\n' "$1" "$2"; fail=1; }
expect() { # name, pattern, minimum count
  local n; n=$(count "$2")
  if (( n >= $3 )); then ok "$1" "$n"; else bad "$1" "$n (want >= $3)"; fi
}
echo "check-report: $html (DOM $(wc -c <"$dom") bytes, rendered by $(chromium --version 2>/dev/null | head -1 || true))"
if grep -q '<h1>rulex report</h1>' "$dom"; then
  echo "  a bench report"
  expect "summary figure"                   'class="chart summary"'       1
  expect "summary: cells as dots"           '<circle class="\(un\)\?learned"' 1
  expect "in-distribution table"            '<h2>In-distribution</h2>'    1
  expect "rule extrapolation table"         '<h2>Rule extrapolation'      1
  expect "published reference table"        'published (finished-only, max over training)' 1
  expect "bar charts"                       'class="chart rule-extrapolation"' 1
  expect "bars"                             '<rect class="bar"'           1
  expect "chance lines"                     '<line class="chance"'        1
  expect "training curve charts"            'class="chart training-curve"' 1
  expect "curve lines"                      '<path d="M'                  1
  if (( $(count 'class="chart summary"') > 0 )) && (( $(grep -ob 'class="chart summary"' "$dom" | head -1 | cut -d: -f1) < $(grep -ob '<table' "$dom" | head -1 | cut -d: -f1) )); then
    ok "the summary comes before the tables" ""
  else bad "the summary comes before the tables" ""; fi
elif grep -q '<h1>rulex suite ' "$dom"; then
  echo "  a suite report"
  expect "section heading"                  '<h2>'                        1
  expect "SVG charts"                       '<svg'                        1
  expect "criteria with verdicts"           '<td class="verdict '         1
else
  bad "a rulex report" "(no <h1>rulex report</h1> or <h1>rulex suite ...</h1>)"
fi
expect "tables"                             '<table'                      1
tables=$(count '<table'); boxed=$(count '<div class="table"><table')
if (( tables == boxed )); then ok "every table in its scrolling box" "$boxed of $tables"; else bad "every table in its scrolling box" "$boxed of $tables"; fi
if grep -q '<script' "$dom"; then bad "no scripts" ""; else ok "no scripts" ""; fi
if { grep -Eo '(src|href)="[a-z]+://[^"]*' "$dom" || true; } | grep -q .; then bad "no external resources" ""; else ok "no external resources" ""; fi

# Layout at 1280 px, measured by the browser on a copy of the page with a probe script added (the
# report itself has none): the page is no wider than the window, and no table box or figure ends
# past the right edge of the page's body.
probe=$probe_dir/probe.html
sed 's#</body>#<script>(function(){var bad=[],right=document.body.getBoundingClientRect().right+1;if(document.documentElement.scrollWidth>window.innerWidth)bad.push("the page is "+document.documentElement.scrollWidth+" px wide");document.querySelectorAll("div.table,figure").forEach(function(e,i){var r=e.getBoundingClientRect().right;if(r>right)bad.push(e.tagName.toLowerCase()+" "+i+" ends at "+Math.round(r)+" px, past "+Math.round(right));});document.body.setAttribute("data-layout",bad.length?bad.join("; "):"fits");})();</script></body>#' "$html" >"$probe"
layout=$(timeout 120 chromium "${flags[@]}" --window-size=1280,900 --dump-dom "file://$probe" 2>/dev/null | { grep -o 'data-layout="[^"]*"' || true; } | head -1)
case $layout in
  'data-layout="fits"') ok "nothing cut off at 1280 px" "" ;;
  '') bad "nothing cut off at 1280 px" "(the layout probe did not run)" ;;
  *) bad "nothing cut off at 1280 px" "${layout#data-layout=}" ;;
esac

if [[ -n $shot ]]; then
  shot_abs=$(cd "$(dirname "$shot")" && pwd)/$(basename "$shot")
  timeout 120 chromium "${flags[@]}" --hide-scrollbars --window-size=1280,2400 --screenshot="$shot_abs" "file://$html" >/dev/null 2>&1 || true
  if [[ -s $shot_abs ]]; then ok "screenshot" "$shot_abs"; else bad "screenshot" "none written"; fi
fi

if (( fail )); then echo "check-report: FAILED"; exit 1; fi
echo "check-report: passed"
