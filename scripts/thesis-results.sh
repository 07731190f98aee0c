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
# shellcheck source=scripts/lib/seed-runs.sh
source scripts/lib/seed-runs.sh
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

seed_runs_parse_seeds thesis-results.sh "$seeds_arg"
IFS=',' read -r -a algos <<< "$algorithms"

seed_runs_build thesis-results.sh /tmp/distral-thesis-results-build
seed_runs_train thesis-results.sh "$config_dir" "$runs" "$jobs" "$episodes" "${algos[@]}"

title="Soft-Q results on thesis plans 4-8 (${#seeds[@]} seeds)"
[[ -n "$episodes" ]] && title="$title, $episodes episodes per task (not the thesis setting)"
dirs=()
for algo in "${algos[@]}"; do dirs+=("$runs/$algo"); done
"${distral[@]}" report-table "${dirs[@]}" --title "$title" --out "$report"
