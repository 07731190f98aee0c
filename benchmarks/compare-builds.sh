#!/usr/bin/env bash
# Speed of this tree against an earlier revision, measured in one run: both builds' `distral bench` (the thesis
# soft-Q schedule) and `distral bench --ac` (actor-critic throughput) interleaved old, new, old, new, ... so both
# see the same machine load. Prints each measurement and the ratio new / old of the best figures.
#
# usage: benchmarks/compare-builds.sh REV [--repeats N] [--rounds N] [--ac-seconds S]
#   REV           the revision to compare with (built in a temporary git worktree)
#   --repeats     interleaved runs of each build (default 3)
#   --rounds      timed soft-Q rounds per run (default 1000)
#   --ac-seconds  seconds per actor-critic configuration per run (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 1 && $1 != -* ]] || { sed -n '2,10p' "$0" >&2; exit 2; }
rev=$1; shift
repeats=3 rounds=1000 acSeconds=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeats) repeats=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --ac-seconds) acSeconds=$2; shift 2 ;;
    *) echo "compare-builds: unknown option '$1'" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d)
trap 'git worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q --detach "$work/old" "$rev"
echo "building $rev and this tree (Release)" >&2
dotnet build "$work/old/src/Distral.Cli" -c Release -nologo -v quiet --artifacts-path "$work/old-artifacts" >&2
dotnet build src/Distral.Cli -c Release -nologo -v quiet --artifacts-path "$work/new-artifacts" >&2
old="$work/old-artifacts/bin/Distral.Cli/release/distral"
new="$work/new-artifacts/bin/Distral.Cli/release/distral"

field() { grep -oE "\"$2\": *[0-9.]+" "$1" | head -1 | sed 's/.*: *//'; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= repeats; r++)); do
  for build in old new; do
    exe=${!build}
    "$exe" bench --json --no-kernels --threads 1 --rounds "$rounds" > "$work/$build-sq-$r.json"
    "$exe" bench --ac --json --seconds "$acSeconds" --repeats 1 > "$work/$build-ac-$r.json"
    printf 'run %d %-3s  soft-Q %9s steps/s (%s B/round)  ac async-1 %9s  async-2 %9s  sync %9s steps/s\n' "$r" "$build" \
      "$(field "$work/$build-sq-$r.json" steps_per_second)" "$(field "$work/$build-sq-$r.json" allocated_bytes_per_round)" \
      "$(grep -A8 '"configuration": "async-1"' "$work/$build-ac-$r.json" | grep -oE '"steps_per_second": *[0-9.]+' | sed 's/.*: *//')" \
      "$(grep -A8 '"configuration": "async-2"' "$work/$build-ac-$r.json" | grep -oE '"steps_per_second": *[0-9.]+' | sed 's/.*: *//')" \
      "$(grep -A8 '"configuration": "sync"' "$work/$build-ac-$r.json" | grep -oE '"steps_per_second": *[0-9.]+' | sed 's/.*: *//')"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
best() { # build, kind (sq|ac), configuration (ac only)
  for f in "$work/$1-$2-"*.json; do
    if [[ $2 == sq ]]; then field "$f" steps_per_second
    else grep -A8 "\"configuration\": \"$3\"" "$f" | grep -oE '"steps_per_second": *[0-9.]+' | sed 's/.*: *//'; fi
  done | sort -g | tail -1
}
for what in "sq -" "ac async-1" "ac async-2" "ac sync"; do
  set -- $what
  o=$(best old "$1" "$2"); n=$(best new "$1" "$2")
  label=$([[ $1 == sq ]] && echo "soft-Q schedule" || echo "actor-critic $2")
  awk -v l="$label" -v o="$o" -v n="$n" 'BEGIN { printf "best %-22s old %10.1f  new %10.1f  new/old %.3f\n", l, o, n, n / o }'
done
