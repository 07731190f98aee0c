#!/usr/bin/env bash
# Runs the seven actor-critic algorithms (configs/ac-maze/*.yaml) on the maze set over several seeds, then
# renders their learning curves (mean and spread over seeds) with `distral report` and a markdown table of
# the runs with `distral report-table`.
#
# usage: scripts/ac-maze.sh [--seeds N | --seeds 1,2,3] [--jobs J] [--episodes N] [--runs DIR]
#                           [--algorithms a,b] [--out FILE] [--table FILE]
#   --seeds      number of seeds (1..N) or an explicit list (default 3)
#   --jobs       runs in parallel (default: number of cores; each run is single-threaded)
#   --episodes   episodes per task (default: the configs' 400, the ~10-minute budget on 2 cores)
#   --runs       where the run directories go (default runs/ac-maze); finished runs are reused
#   --algorithms subset of a3c,a3c-multitask,a3c-2col,kl-1col,kl-ent-1col,kl-2col,kl-ent-2col
#   --out        the HTML report with the learning curves (default <runs>/report.html, SVGs beside it)
#   --table      the markdown table of the runs (default <runs>/results.md)
set -euo pipefail

cd "$(dirname "$0")/.."
seeds_arg=3
jobs=$(nproc 2>/dev/null || echo 2)
runs=runs/ac-maze
episodes=""
algorithms="a3c,a3c-multitask,a3c-2col,kl-1col,kl-ent-1col,kl-2col,kl-ent-2col"
config_dir=configs/ac-maze
out=""
table=""

while [[ $# -gt 0 ]]; do
    case "$1" in
        --seeds) seeds_arg="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --episodes) episodes="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --algorithms) algorithms="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --table) table="$2"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "ac-maze.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
[[ -n "$out" ]] || out="$runs/report.html"
[[ -n "$table" ]] || table="$runs/results.md"

if [[ "$seeds_arg" == *,* ]]; then
    IFS=',' read -r -a seeds <<< "$seeds_arg"
elif [[ "$seeds_arg" =~ ^[0-9]+$ ]] && (( seeds_arg >= 1 )); then
    mapfile -t seeds < <(seq 1 "$seeds_arg")
else
    echo "ac-maze.sh: --seeds expects a count or a comma-separated list, got '$seeds_arg'" >&2
    exit 2
fi
if [[ -n "$episodes" && ! "$episodes" =~ ^[1-9][0-9]*$ ]]; then
    echo "ac-maze.sh: --episodes expects a positive integer, got '$episodes'" >&2
    exit 2
fi
if [[ ! "$jobs" =~ ^[1-9][0-9]*$ ]]; then
    echo "ac-maze.sh: --jobs expects a positive integer, got '$jobs'" >&2
    exit 2
fi
IFS=',' read -r -a algos <<< "$algorithms"

# Build once, then run the built CLI directly (dotnet run per run would rebuild-check every time).
artifacts="${DISTRAL_ARTIFACTS:-/tmp/distral-ac-maze-build}"
if ! build_log=$(dotnet build src/Distral.Cli -c Release --artifacts-path "$artifacts" -v quiet -nologo 2>&1); then
    echo "$build_log" >&2
    echo "ac-maze.sh: the build failed" >&2
    exit 1
fi
distral=(dotnet "$artifacts/bin/Distral.Cli/release/distral.dll")

jobs_file=$(mktemp)
trap 'rm -f "$jobs_file"' EXIT
for algo in "${algos[@]}"; do
    config="$config_dir/$algo.yaml"
    [[ -f "$config" ]] || { echo "ac-maze.sh: no config $config" >&2; exit 2; }
    for seed in "${seeds[@]}"; do
        dir="$runs/$algo/seed$seed"
        if [[ -f "$dir/summary.json" ]]; then
            echo "reuse $dir"
            continue
        fi
        rm -rf "$dir"    # an unfinished run (no summary) is redone
        # No trailing blank: xargs -L treats a line ending in a blank as continued on the next line.
        if [[ -n "$episodes" ]]; then
            echo "$config $seed $dir --episodes $episodes" >> "$jobs_file"
        else
            echo "$config $seed $dir" >> "$jobs_file"
        fi
    done
done

run_one() {
    local config=$1 seed=$2 dir=$3
    shift 3
    mkdir -p "$(dirname "$dir")"
    if "${distral[@]}" train --config "$config" --seed "$seed" --out "$dir" --quiet "$@" > "$dir.log" 2>&1; then
        echo "done $dir ($(grep -o '[0-9.]* steps/s' "$dir.log" | head -1))"
    else
        echo "FAILED $dir (see $dir.log)" >&2
        return 1
    fi
}
export -f run_one
export DISTRAL_CMD="${distral[*]}"

start=$SECONDS
if [[ -s "$jobs_file" ]]; then
    echo "$(wc -l < "$jobs_file") runs, $jobs at a time"
    # shellcheck disable=SC2016
    xargs -P "$jobs" -L 1 bash -c 'distral=($DISTRAL_CMD); run_one "$@"' _ < "$jobs_file"
fi
echo "training took $((SECONDS - start)) s"

dirs=()
for algo in "${algos[@]}"; do dirs+=("$runs/$algo"); done
title="Actor-critic on the maze set (${#seeds[@]} seeds)"
[[ -n "$episodes" ]] && title="$title, $episodes episodes per task"
# Runs that differ only in seed form one curve with a band over seeds.
"${distral[@]}" report "${dirs[@]}" --title "$title" --out "$out"
"${distral[@]}" report-table "${dirs[@]}" --title "$title" --out "$table"
echo "curves: $out"
echo "table: $table"
