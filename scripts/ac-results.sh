#!/usr/bin/env bash
# Runs the seven actor-critic configurations (configs/ac/*.yaml, plans 4-8) over seeds and writes docs/results-ac.md:
# per algorithm the fraction of seeds that solve every task (mean duration of the last 50 training episodes
# <= 1.5x the shortest path: 19.5, 13.5, 7.5, 19.5, 18 on plans 4-8), the last-50 durations per task (mean ± sd
# over seeds), the environment steps used and the steps at which the criterion was first met, and the AUC; then
# one row per run.
#
# usage: scripts/ac-results.sh [--seeds N | --seeds 1,2,3] [--jobs J] [--runs DIR] [--episodes N]
#                              [--algorithms a,b] [--configs DIR] [--report FILE] [--table-only]
#   --seeds      number of seeds (1..N) or an explicit list (default 10)
#   --jobs       runs in parallel (default: number of cores; each sync-mode run is single-threaded)
#   --runs       where the run directories go (default runs/ac-results); finished runs are reused
#   --episodes   override the episodes per task of the runs started now (say so in the report: it is not
#                the configs' budget; used to cap kl-1col, which runs its 1000-step episodes when it fails)
#   --algorithms subset of a3c,a3c-multitask,a3c-2col,kl-1col,kl-ent-1col,kl-2col,kl-ent-2col to run (default all)
#   --configs    folder holding <algorithm>.yaml (default configs/ac)
#   --report     the markdown file to write (default docs/results-ac.md)
#   --table-only train nothing; rewrite the report from the runs already in --runs
# The report always covers every finished run below --runs (of any of the seven algorithms), so several
# invocations (e.g. 10 seeds of the 2col variants, then 3 seeds of the others) add up to one table.
# Needs python3 (standard library only) for the table.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/seed-runs.sh
source scripts/lib/seed-runs.sh
seeds_arg=10
jobs=$(nproc 2>/dev/null || echo 2)
runs=runs/ac-results
episodes=""
all_algorithms="kl-ent-2col,kl-2col,kl-ent-1col,kl-1col,a3c-2col,a3c-multitask,a3c"
algorithms="$all_algorithms"
config_dir=configs/ac
report=docs/results-ac.md
table_only=false

while [[ $# -gt 0 ]]; do
    case "$1" in
        --seeds) seeds_arg="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --episodes) episodes="$2"; shift 2 ;;
        --algorithms) algorithms="$2"; shift 2 ;;
        --configs) config_dir="$2"; shift 2 ;;
        --report) report="$2"; shift 2 ;;
        --table-only) table_only=true; shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "ac-results.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done

seed_runs_parse_seeds ac-results.sh "$seeds_arg"
if [[ -n "$episodes" && ! "$episodes" =~ ^[1-9][0-9]*$ ]]; then
    echo "ac-results.sh: --episodes expects a positive integer, got '$episodes'" >&2
    exit 2
fi
if [[ ! "$jobs" =~ ^[1-9][0-9]*$ ]]; then
    echo "ac-results.sh: --jobs expects a positive integer, got '$jobs'" >&2
    exit 2
fi
command -v python3 >/dev/null || { echo "ac-results.sh: python3 is needed for the table" >&2; exit 2; }
IFS=',' read -r -a algos <<< "$algorithms"

if [[ "$table_only" == false ]]; then
    seed_runs_build ac-results.sh /tmp/distral-ac-results-build
    # No checkpoints: 70 runs x 7 networks of final weights are not needed for the table.
    seed_runs_train ac-results.sh "$config_dir" "$runs" "$jobs" "$episodes" "${algos[@]}" -- --set checkpoints=false
fi

python3 - "$runs" "$report" "$all_algorithms" <<'PY'
"""Aggregates the finished runs below RUNS/<algorithm>/seed*/ into the markdown report (issue D's criterion)."""
import csv, json, math, os, statistics, sys
from collections import deque

runs_root, report, order = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
FACTOR, WINDOW = 1.5, 50

def mean_sd(values, fmt="{:.1f}"):
    values = [v for v in values if v is not None and math.isfinite(v)]
    if not values:
        return "-"
    if len(values) == 1:
        return fmt.format(values[0])
    return fmt.format(statistics.mean(values)) + " ± " + fmt.format(statistics.stdev(values))

def load(directory):
    with open(os.path.join(directory, "summary.json")) as f:
        summary = json.load(f)
    tasks = [t["name"] for t in summary["tasks"]]
    limit = {t["name"]: t["episodes"] for t in summary["tasks"]}
    threshold = {t["name"]: FACTOR * t["shortest_path"] for t in summary["tasks"] if t.get("shortest_path")}
    auc, windows, first_solved = 0.0, {t: deque(maxlen=WINDOW) for t in tasks}, None
    metrics = os.path.join(directory, "metrics.csv")
    if os.path.exists(metrics):
        with open(metrics, newline="") as f:
            for row in csv.DictReader(f):
                task = row["task"]
                if task not in limit or int(row["episode"]) >= limit[task]:
                    continue
                auc += float(row["return"])
                windows[task].append(int(row["steps"]))
                # The first moment at which the last 50 episodes of every task meet the criterion.
                if first_solved is None and all(len(windows[t]) == WINDOW and sum(windows[t]) / WINDOW <= threshold[t] for t in threshold):
                    first_solved = int(row["env_steps_total"])
    last50 = {t["name"]: t["mean_duration_last50"] for t in summary["tasks"]}
    solved = all(last50[t] <= threshold[t] for t in threshold)
    return dict(dir=directory, seed=summary["seed"], summary=summary, tasks=tasks, last50=last50, solved=solved,
                auc=auc, first_solved=first_solved, threshold=threshold,
                episodes=sorted(set(limit.values())), env_steps=summary["env_steps"], wall=summary.get("wall_seconds"))

groups = {}
for algo in order:
    folder = os.path.join(runs_root, algo)
    if not os.path.isdir(folder):
        continue
    found = sorted((os.path.join(folder, d) for d in os.listdir(folder) if os.path.exists(os.path.join(folder, d, "summary.json"))),
                   key=lambda d: json.load(open(os.path.join(d, "summary.json")))["seed"])
    if found:
        groups[algo] = [load(d) for d in found]
if not groups:
    sys.exit(f"ac-results.sh: no finished runs below {runs_root}")

tasks = next(iter(groups.values()))[0]["tasks"]
threshold = next(iter(groups.values()))[0]["threshold"]
def task_header(t):
    return f"{t} (≤ {threshold[t]:g})" if t in threshold else t

out = []
out.append("# Actor-critic results on plans 4-8 over seeds")
out.append("")
out.append(f"Generated by `scripts/ac-results.sh` from the runs in `{runs_root}` (configs/ac/*.yaml, synchronous workers). A run")
out.append(f"*solves* the tasks when the mean duration of its last {WINDOW} training episodes (stochastic policy) is at most")
out.append(f"{FACTOR:g}x the shortest path on every task. Durations are steps per episode, mean ± standard deviation over seeds.")
out.append("\"Env steps\" are the run's total environment steps over the five tasks (mean and max over seeds); \"steps to")
out.append(f"criterion\" is the total when the last {WINDOW} episodes of every task first met the criterion (median over the seeds that")
out.append("met it). AUC is the sum of the returns of every task's training episodes (higher = learned sooner).")
out.append("")
# Hand-written notes between the markers survive a rerun (what was run, budgets, reading of the table).
notes = ""
if os.path.exists(report):
    text = open(report).read()
    begin, end = text.find("<!-- notes -->"), text.find("<!-- /notes -->")
    if 0 <= begin < end:
        notes = text[begin:end + len("<!-- /notes -->")]
if notes:
    out.append(notes)
    out.append("")
out.append("## Per algorithm")
out.append("")
out.append("| algorithm | seeds | episodes per task | solved all tasks | " + " | ".join(f"last-50 {task_header(t)}" for t in tasks)
           + " | env steps (mean / max) | steps to criterion (median) | AUC | wall s (mean) |")
out.append("|---|---|---|---|" + "---|" * len(tasks) + "---|---|---|---|")
for algo, rs in groups.items():
    episodes = "/".join(str(e) for e in sorted({e for r in rs for e in r["episodes"]}))
    solved = sum(r["solved"] for r in rs)
    reached = [r["first_solved"] for r in rs if r["first_solved"] is not None]
    to_criterion = f"{statistics.median(reached) / 1e6:.2f}M ({len(reached)}/{len(rs)})" if reached else f"- (0/{len(rs)})"
    steps = [r["env_steps"] for r in rs]
    walls = [r["wall"] for r in rs if r["wall"] is not None]
    wall = f"{statistics.mean(walls):.0f}" if walls else "-"
    out.append(f"| {algo} | {len(rs)} | {episodes} | **{solved}/{len(rs)}** | "
               + " | ".join(mean_sd([r["last50"].get(t) for r in rs]) for t in tasks)
               + f" | {statistics.mean(steps) / 1e6:.2f}M / {max(steps) / 1e6:.2f}M | {to_criterion} | {mean_sd([r['auc'] for r in rs], '{:.0f}')} | {wall} |")
out.append("")
out.append("## Every run")
out.append("")
out.append("Greedy: steps of the summary's single greedy evaluation episode of each task policy (and of pi_0, where the")
out.append("algorithm has one); 1000 = the goal was not reached.")
out.append("")
out.append("| algorithm | seed | episodes per task | env steps | steps to criterion | last-50 per task | greedy pi_i | greedy pi_0 | solved |")
out.append("|---|---|---|---|---|---|---|---|---|")
for algo, rs in groups.items():
    for r in rs:
        s = r["summary"]
        greedy = ", ".join(str(t["greedy_steps"]) for t in s["tasks"])
        distilled = ", ".join(str(v) for v in s["distilled"]["greedy_steps"]) if s.get("distilled") else "-"
        crit = f"{r['first_solved']:,}" if r["first_solved"] is not None else "-"
        failed = [t for t in r["threshold"] if r["last50"][t] > r["threshold"][t]]
        verdict = "yes" if r["solved"] else "no (" + ", ".join(failed) + ")"
        out.append(f"| {algo} | {r['seed']} | {'/'.join(map(str, r['episodes']))} | {r['env_steps']:,} | {crit} | "
                   + ", ".join(f"{r['last50'][t]:.1f}" for t in tasks) + f" | {greedy} | {distilled} | {verdict} |")
os.makedirs(os.path.dirname(os.path.abspath(report)), exist_ok=True)
with open(report, "w") as f:
    f.write("\n".join(out) + "\n")
print(f"wrote {report} ({sum(len(rs) for rs in groups.values())} runs)")
PY
