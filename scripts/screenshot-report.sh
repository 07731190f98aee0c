#!/usr/bin/env bash
# Renders a run's report.html to a PNG with headless Chromium, to look at the report as a user would.
# Installs Debian's chromium when no chromium is found (needs root and apt-get).
#
# usage: scripts/screenshot-report.sh RUN_DIR|REPORT.html [OUT.png] [--width PX] [--height PX] [--parts N]
#   OUT.png   default: report.png beside report.html
#   --width   browser window width in px (default 1400)
#   --height  window height in px = how much of the page is captured (default 3000; long reports need more)
#   --parts   also write N screenshots of the page one window height apart (OUT-1.png ... OUT-N.png),
#             readable at full size where one tall image would be shrunk by an image viewer
set -euo pipefail

width=1400
height=3000
parts=0
positional=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --width) width="$2"; shift 2 ;;
        --height) height="$2"; shift 2 ;;
        --parts) parts="$2"; shift 2 ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        -*) echo "screenshot-report.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
        *) positional+=("$1"); shift ;;
    esac
done
if [[ ${#positional[@]} -lt 1 || ${#positional[@]} -gt 2 ]]; then
    echo "screenshot-report.sh: expected RUN_DIR|REPORT.html [OUT.png] (try --help)" >&2
    exit 2
fi
report="${positional[0]}"
[[ -d "$report" ]] && report="$report/report.html"
[[ -f "$report" ]] || { echo "screenshot-report.sh: no report at $report (run distral train or distral report first)" >&2; exit 2; }
report=$(realpath "$report")
out="${positional[1]:-$(dirname "$report")/report.png}"

browser=""
for candidate in chromium chromium-headless-shell chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
done
if [[ -z "$browser" ]]; then
    echo "screenshot-report.sh: installing chromium (apt-get)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    browser=chromium
fi

# --no-sandbox: containers and CI usually run as root, where Chromium's sandbox refuses to start.
# A private profile keeps runs independent of each other and of any desktop browser.
profile=$(mktemp -d /tmp/distral-chromium.XXXXXX)
trap 'rm -rf "$profile"' EXIT
shoot() { # URL PNG
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
        --window-size="$width,$height" --screenshot="$(realpath -m "$2")" "$1" >/dev/null 2>&1
    [[ -s "$2" ]] || { echo "screenshot-report.sh: $browser wrote no screenshot $2" >&2; exit 1; }
    echo "$2"
}
shoot "file://$report" "$out"
# Headless screenshots always start at the top of a page, so each part shows the report in a frame moved up.
for ((part = 1; part <= parts; part++)); do
    frame="$profile/part-$part.html"
    printf '<!DOCTYPE html><html><body style="margin:0;overflow:hidden"><iframe src="file://%s" style="position:absolute;left:0;top:-%dpx;width:%dpx;height:%dpx;border:0"></iframe></body></html>\n' \
        "$report" $(((part - 1) * height)) "$width" $((parts * height)) > "$frame"
    shoot "file://$frame" "${out%.png}-$part.png"
done
