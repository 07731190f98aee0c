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
# shellcheck source=scripts/lib/seed-runs.sh
source scripts/lib/seed-runs.sh
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

seed_runs_parse_seeds ac-maze.sh "$seeds_arg"
if [[ -n "$episodes" && ! "$episodes" =~ ^[1-9][0-9]*$ ]]; then
    echo "ac-maze.sh: --episodes expects a positive integer, got '$episodes'" >&2
    exit 2
fi
if [[ ! "$jobs" =~ ^[1-9][0-9]*$ ]]; then
    echo "ac-maze.sh: --jobs expects a positive integer, got '$jobs'" >&2
    exit 2
fi
IFS=',' read -r -a algos <<< "$algorithms"

seed_runs_build ac-maze.sh /tmp/distral-ac-maze-build
seed_runs_train ac-maze.sh "$config_dir" "$runs" "$jobs" "$episodes" "${algos[@]}"

dirs=()
for algo in "${algos[@]}"; do dirs+=("$runs/$algo"); done
title="Actor-critic on the maze set (${#seeds[@]} seeds)"
[[ -n "$episodes" ]] && title="$title, $episodes episodes per task"
# Runs that differ only in seed form one curve with a band over seeds.
"${distral[@]}" report "${dirs[@]}" --title "$title" --out "$out"
"${distral[@]}" report-table "${dirs[@]}" --title "$title" --out "$table"
echo "curves: $out"
echo "table: $table"
