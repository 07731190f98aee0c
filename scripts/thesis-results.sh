#!/usr/bin/env bash
# Runs the four thesis soft-Q configurations (plans 4-8) over several seeds and writes docs/results-softq.md:
# per algorithm and task, mean and spread over seeds of the last-50 and all-episode durations, the area under
# the learning curve (sum of returns) and the fraction of seeds whose greedy policy is optimal on every task.
#
# usage: scripts/thesis-results.sh [--seeds N | --seeds 1,2,3] [--jobs J] [--runs DIR] [--episodes N]
#                                  [--algorithms a,b] [--report FILE] [--configs DIR]
#   --seeds      number of seeds (1..N) or an explicit list (default 10)
#   --jobs       runs in parallel (default: number of cores; each run is single-threaded)
#   --runs       where the run directories go (default runs/thesis-results); existing runs are reused
#   --episodes   override the episodes per task (quick checks; the report then is not the thesis setting)
#   --configs    folder holding <algorithm>.yaml (default configs/thesis; configs/tuned for our settings)
#   --algorithms subset of sql-independent,distral-1col-sql,distral-2col-sql,distral-1col-beta-sql
#   --report     the markdown file to write (default docs/results-softq.md)
set -euo pipefail

cd "$(dirname "$0")/.."
seeds_arg=10
jobs=$(nproc 2>/dev/null || echo 2)
runs=runs/thesis-results
episodes=""
algorithms="sql-independent,distral-1col-sql,distral-2col-sql,distral-1col-beta-sql"
config_dir=configs/thesis
report=docs/results-softq.md

while [[ $# -gt 0 ]]; do
    case "$1" in
        --seeds) seeds_arg="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --episodes) episodes="$2"; shift 2 ;;
        --algorithms) algorithms="$2"; shift 2 ;;
        --configs) config_dir="$2"; shift 2 ;;
        --report) report="$2"; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "thesis-results.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done

if [[ "$seeds_arg" == *,* ]]; then
    IFS=',' read -r -a seeds <<< "$seeds_arg"
elif [[ "$seeds_arg" =~ ^[0-9]+$ ]] && (( seeds_arg >= 1 )); then
    mapfile -t seeds < <(seq 1 "$seeds_arg")
else
    echo "thesis-results.sh: --seeds expects a count or a comma-separated list, got '$seeds_arg'" >&2
    exit 2
fi
IFS=',' read -r -a algos <<< "$algorithms"

# Build once, then run the built CLI directly (dotnet run per run would rebuild-check every time).
artifacts="${DISTRAL_ARTIFACTS:-/tmp/distral-thesis-results-build}"
dotnet build src/Distral.Cli -c Release --artifacts-path "$artifacts" -v quiet -nologo >/dev/null
distral=(dotnet "$artifacts/bin/Distral.Cli/release/distral.dll")

jobs_file=$(mktemp)
trap 'rm -f "$jobs_file"' EXIT
for algo in "${algos[@]}"; do
    config="$config_dir/$algo.yaml"
    [[ -f "$config" ]] || { echo "thesis-results.sh: no config $config" >&2; exit 2; }
    for seed in "${seeds[@]}"; do
        out="$runs/$algo/seed$seed"
        if [[ -f "$out/summary.json" ]]; then
            echo "reuse $out"
            continue
        fi
        rm -rf "$out"    # an unfinished run (no summary) is redone
        # No trailing blank: xargs -L treats a line ending in a blank as continued on the next line.
        if [[ -n "$episodes" ]]; then
            echo "$config $seed $out --episodes $episodes" >> "$jobs_file"
        else
            echo "$config $seed $out" >> "$jobs_file"
        fi
    done
done

run_one() {
    local config=$1 seed=$2 out=$3
    shift 3
    mkdir -p "$(dirname "$out")"
    if "${distral[@]}" train --config "$config" --seed "$seed" --out "$out" --quiet "$@" > "$out.log" 2>&1; then
        echo "done $out ($(grep -o '[0-9.]* steps/s' "$out.log" | head -1))"
    else
        echo "FAILED $out (see $out.log)" >&2
        return 1
    fi
}
export -f run_one
export DISTRAL_CMD="${distral[*]}"

if [[ -s "$jobs_file" ]]; then
    echo "$(wc -l < "$jobs_file") runs, $jobs at a time"
    # shellcheck disable=SC2016
    xargs -P "$jobs" -L 1 bash -c 'distral=($DISTRAL_CMD); run_one "$@"' _ < "$jobs_file"
fi

title="Soft-Q results on thesis plans 4-8 (${#seeds[@]} seeds)"
[[ -n "$episodes" ]] && title="$title, $episodes episodes per task (not the thesis setting)"
dirs=()
for algo in "${algos[@]}"; do dirs+=("$runs/$algo"); done
"${distral[@]}" report-table "${dirs[@]}" --title "$title" --out "$report"
