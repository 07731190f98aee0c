#!/usr/bin/env bash
# Policy Distillation and Actor-Mimic on plans 4-8 over seeds (docs/results-distillation.md):
#   1. teachers: configs/tuned/sql-independent.yaml for every seed -> RUNS/teachers/seed<s>;
#   2. students: every configs/distill/*.yaml for every seed, taught by that seed's teachers, plus the compression
#      students (policy-distillation-kl with student_hidden 36,64,36 = 1/15 of the teachers' summed parameters);
#   3. the table: per student config the seeds whose greedy student walks the shortest path on all five tasks, the
#      same per task, last-50 durations, env steps, the distillation updates (and env steps) at which the periodic
#      check first found the student matching its teachers (summary.json's reached_teachers), and the student's
#      parameter count against the teachers'.
# Finished runs (a summary.json) are reused, so an interrupted invocation resumes where it stopped.
#
# usage: scripts/distill-results.sh [--seeds N | --seeds 1,2,3] [--jobs J] [--runs DIR] [--teachers-only]
#                                  [--table-only] [--report FILE] [--set key=value]...
#   --set  added to every student run (not the teachers), e.g. --set episodes=200 with another --runs; the
#          teachers can be shared: --teachers-from DIR reuses DIR/teachers instead of RUNS/teachers
#   --teachers-from DIR  the teacher runs are DIR/teachers/seed<s> (default: RUNS)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/seed-runs.sh
source scripts/lib/seed-runs.sh
seeds_arg=10
jobs=$(nproc 2>/dev/null || echo 2)
runs=runs/distill-results
report=/dev/null   # docs/results-distillation.md combines two invocations; pass --report FILE to keep a table
teachers_only=false
table_only=false
student_sets=""
teachers_root=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --seeds) seeds_arg="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --report) report="$2"; shift 2 ;;
        --teachers-only) teachers_only=true; shift ;;
        --table-only) table_only=true; shift ;;
        --set) student_sets="$student_sets --set $2"; shift 2 ;;
        --teachers-from) teachers_root="$2"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "distill-results: unknown option '$1'" >&2; exit 2 ;;
    esac
done
seed_runs_parse_seeds distill-results "$seeds_arg"
teachers_root=${teachers_root:-$runs}

# name|config|extra train args (the compression students are the KL config with smaller hidden layers)
students=(
    "policy-distillation-nll|configs/distill/policy-distillation-nll.yaml|"
    "policy-distillation-mse|configs/distill/policy-distillation-mse.yaml|"
    "policy-distillation-kl|configs/distill/policy-distillation-kl.yaml|"
    "actor-mimic|configs/distill/actor-mimic.yaml|"
    "policy-distillation-kl-1of15|configs/distill/policy-distillation-kl.yaml|--set student_hidden=36,64,36"
)

run_jobs() { # a file of lines "dir|args..." -> runs them JOBS at a time
    local file=$1
    [[ -s "$file" ]] || return 0
    tr '\n' '\0' < "$file" | xargs -0 -P "$jobs" -I{} bash -c '
        IFS="|" read -r dir args <<< "$1"
        rm -rf "$dir"
        # shellcheck disable=SC2086
        if ! "${@:2}" train $args --out "$dir" --quiet > "$dir.log" 2>&1; then echo "FAILED $dir (see $dir.log)" >&2; exit 1; fi
        echo "done $dir"' _ {} "${distral[@]}"
}

if ! $table_only; then
    seed_runs_build distill-results /tmp/distral-distill-artifacts
    mkdir -p "$teachers_root/teachers"
    jobs_file=$(mktemp)
    for s in "${seeds[@]}"; do
        d="$teachers_root/teachers/seed$s"
        [[ -f "$d/summary.json" ]] && { echo "reuse $d"; continue; }
        echo "$d|--config configs/tuned/sql-independent.yaml --seed $s" >> "$jobs_file"
    done
    run_jobs "$jobs_file"
    : > "$jobs_file"
    if ! $teachers_only; then
        for entry in "${students[@]}"; do
            IFS='|' read -r name config extra <<< "$entry"
            mkdir -p "$runs/$name"
            for s in "${seeds[@]}"; do
                d="$runs/$name/seed$s"
                [[ -f "$d/summary.json" ]] && { echo "reuse $d"; continue; }
                echo "$d|--config $config --seed $s --teachers $teachers_root/teachers/seed$s $extra$student_sets" >> "$jobs_file"
            done
        done
        run_jobs "$jobs_file"
    fi
    rm -f "$jobs_file"
fi

python3 - "$runs" "$report" "$teachers_root" "$student_sets" <<'PY'
import json, os, sys, statistics as st
runs, report, teachers_root, sets = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].strip()
def summaries(name, root=None):
    out = {}
    d = os.path.join(root or runs, name)
    if not os.path.isdir(d): return out
    for s in sorted(os.listdir(d)):
        p = os.path.join(d, s, "summary.json")
        if os.path.isfile(p): out[s] = json.load(open(p))
    return out
def mlp_params(sizes): return sum(a * b + b for a, b in zip(sizes, sizes[1:]))
def hidden_of(run_dir, key):
    for line in open(os.path.join(run_dir, "config.yaml")):
        if line.startswith(key + ":"):
            return [int(v) for v in line.split(":", 1)[1].strip().strip("[]").split(",")]
    return None
teachers = summaries("teachers", teachers_root)
def matches_teacher(seed, s, i):
    t = teachers.get(seed)
    return t is not None and s["tasks"][i]["greedy_steps"] <= t["tasks"][i]["greedy_steps"]
lines = ["# Policy Distillation and Actor-Mimic on plans 4-8", "",
         "Written by `scripts/distill-results.sh` (teachers: `configs/tuned/sql-independent.yaml`, one teacher run per seed;",
         "students: `configs/distill/*.yaml` taught by the same seed's teachers). A student solves a task when its greedy",
         "episode walks the shortest path (13, 9, 5, 13, 12 steps on plans 4-8); it matches its teachers when its greedy",
         "episode is no longer than the teacher's on every task. Reached teachers: the seeds whose periodic check",
         "(every `distill_check_every` updates) passed on all five tasks, and the distillation updates of the first pass.", ""]
if sets: lines += [f"Student runs with `{sets}`.", ""]
if teachers:
    ok = sum(all(t["greedy_steps"] == t["shortest_path"] for t in s["tasks"]) for s in teachers.values())
    lines.append(f"Teachers: {len(teachers)} seeds; greedy shortest path on all five tasks in {ok}/{len(teachers)}.")
    for seed, s in teachers.items():
        bad = [f"{t['name']}: {t['greedy_steps']}/{t['shortest_path']}" for t in s["tasks"] if t["greedy_steps"] != t["shortest_path"]]
        if bad: lines.append(f"Teacher {seed} is not shortest on {', '.join(bad)}.")
    lines.append("")
lines += ["| student | seeds | matches teachers (all five) | shortest on all five | shortest per task (plans 4-8) | last-50 duration per task (mean) | env steps (mean) | reached teachers: seeds, updates (median, range) | env steps to reach (median) | parameters (student / teachers) |",
          "|---|---|---|---|---|---|---|---|---|---|"]
for name in ["policy-distillation-nll", "policy-distillation-mse", "policy-distillation-kl", "actor-mimic", "policy-distillation-kl-1of15"]:
    ss = summaries(name)
    if not ss: continue
    n = len(ss)
    per_task = [sum(s["tasks"][i]["greedy_steps"] == s["tasks"][i]["shortest_path"] for s in ss.values()) for i in range(5)]
    allfive = sum(all(t["greedy_steps"] == t["shortest_path"] for t in s["tasks"]) for s in ss.values())
    teach = sum(all(matches_teacher(seed, s, i) for i in range(5)) for seed, s in ss.items())
    last50 = [st.mean(s["tasks"][i]["mean_duration_last50"] for s in ss.values()) for i in range(5)]
    steps = st.mean(s["env_steps"] for s in ss.values())
    first = os.path.join(runs, name, sorted(ss)[0])
    hidden = hidden_of(first, "student_hidden") or [64, 128, 64]
    student = mlp_params([3] + hidden) + 5 * (hidden[-1] * 4 + 4)
    teacher = 5 * mlp_params([3, 64, 128, 64, 4])
    reached = [s["reached_teachers"] for s in ss.values() if s.get("reached_teachers")]
    if reached:
        ups = [r["distill_updates"] for r in reached]
        reach = f"{len(reached)}/{n}, {st.median(ups):,.0f} ({min(ups):,}-{max(ups):,})"
        reach_steps = f"{st.median(r['env_steps'] for r in reached):,.0f}"
    else:
        reach, reach_steps = (f"0/{n}", "-") if all("reached_teachers" in s for s in ss.values()) else ("not recorded", "-")
    lines.append(f"| {name} | {n} | {teach}/{n} | {allfive}/{n} | {', '.join(f'{k}/{n}' for k in per_task)} | "
                 f"{', '.join(f'{v:.1f}' for v in last50)} | {steps:,.0f} | {reach} | {reach_steps} | {student:,} / {teacher:,} (1/{teacher / student:.1f}) |")
lines += ["", "Seeds whose greedy student misses a shortest path (task: student steps / shortest; * = the teacher's length too):", ""]
for name in ["policy-distillation-nll", "policy-distillation-mse", "policy-distillation-kl", "actor-mimic", "policy-distillation-kl-1of15"]:
    for seed, s in summaries(name).items():
        bad = [f"{t['name']}: {t['greedy_steps']}/{t['shortest_path']}{'*' if matches_teacher(seed, s, i) else ''}"
               for i, t in enumerate(s["tasks"]) if t["greedy_steps"] != t["shortest_path"]]
        if bad: lines.append(f"- {name} {seed}: {', '.join(bad)}")
lost = []
for name in ["policy-distillation-nll", "policy-distillation-mse", "policy-distillation-kl", "actor-mimic", "policy-distillation-kl-1of15"]:
    for seed, s in summaries(name).items():
        r = s.get("reached_teachers")
        if r and not all(matches_teacher(seed, s, i) for i in range(5)):
            lost.append(f"- {name} {seed}: matched at {r['distill_updates']:,} updates, not at the end")
if lost:
    lines += ["", "Seeds that matched their teachers at a check but no longer at the end of training:", ""] + lost
open(report, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
