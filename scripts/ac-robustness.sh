#!/usr/bin/env bash
# The paper's robustness picture (Fig. 4 A2) for the seven actor-critic algorithms on plans 4-8: per algorithm one
# `distral sweep` of configs/ac/<algorithm>.yaml over 3 learning rates x 3 regularisation costs x 4 seeds (36 runs),
# then every run's final return sorted within its algorithm in one chart, and a table with the fraction of runs
# that solve every task (mean duration of the last 50 training episodes <= 1.5x the shortest path).
#
# usage: scripts/ac-robustness.sh [--episodes N] [--seeds 1..4] [--jobs J] [--runs DIR] [--algorithms a,b]
#                                 [--lr a,b,c] [--beta a,b,c] [--report FILE] [--svg FILE] [--table-only]
#   --episodes   episodes per task of every run (default 3000: a reduced budget, see docs/results-ac-robustness.md;
#                the configs' own 30000 would take ~10x longer)
#   --seeds      seeds per grid point, as `distral sweep --seeds` (default 1..4)
#   --jobs       runs in parallel inside each sweep (default: number of cores)
#   --runs       where the sweeps go, one folder per algorithm (default runs/ac-robustness); an algorithm whose
#                folder holds a finished sweep (sweep.json) is reused, an unfinished one is redone
#   --algorithms subset of a3c,a3c-multitask,a3c-2col,kl-1col,kl-ent-1col,kl-2col,kl-ent-2col (default all)
#   --lr         values of ac_lr_task (default 0.00025,0.0005,0.001: half, once and twice the configs' value)
#   --beta       values of ac_beta = 1/(c_KL + c_Ent) (default 2.5,5,10; for the A3C baselines 1/beta is the
#                entropy cost)
#   --report     the markdown table (default docs/results-ac-robustness.md; text between <!-- notes --> and
#                <!-- /notes --> in an existing file is kept)
#   --svg        the combined sorted-final-returns chart (default docs/results-ac-robustness.svg)
#   --table-only train nothing; rewrite the table and chart from the sweeps already in --runs
# Needs python3 (standard library only) for the combined table and chart: `distral report` groups runs by
# configuration (63 groups here), not by algorithm, and each sweep's own sweep-final-returns.svg holds one algorithm.
set -euo pipefail

cd "$(dirname "$0")/.."
episodes=3000
seeds=1..4
jobs=$(nproc 2>/dev/null || echo 2)
runs=runs/ac-robustness
all_algorithms="a3c,a3c-multitask,a3c-2col,kl-1col,kl-ent-1col,kl-2col,kl-ent-2col"
algorithms="$all_algorithms"
lrs=0.00025,0.0005,0.001
betas=2.5,5,10
report=docs/results-ac-robustness.md
svg=docs/results-ac-robustness.svg
table_only=false

while [[ $# -gt 0 ]]; do
    case "$1" in
        --episodes) episodes="$2"; shift 2 ;;
        --seeds) seeds="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --algorithms) algorithms="$2"; shift 2 ;;
        --lr) lrs="$2"; shift 2 ;;
        --beta) betas="$2"; shift 2 ;;
        --report) report="$2"; shift 2 ;;
        --svg) svg="$2"; shift 2 ;;
        --table-only) table_only=true; shift ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "ac-robustness.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
if [[ ! "$episodes" =~ ^[1-9][0-9]*$ ]]; then
    echo "ac-robustness.sh: --episodes expects a positive integer, got '$episodes'" >&2
    exit 2
fi
if [[ ! "$jobs" =~ ^[1-9][0-9]*$ ]]; then
    echo "ac-robustness.sh: --jobs expects a positive integer, got '$jobs'" >&2
    exit 2
fi
command -v python3 >/dev/null || { echo "ac-robustness.sh: python3 is needed for the combined table" >&2; exit 2; }
IFS=',' read -r -a algos <<< "$algorithms"

if [[ "$table_only" == false ]]; then
    # Build once, then run the built CLI directly.
    artifacts="${DISTRAL_ARTIFACTS:-/tmp/distral-ac-robustness-build}"
    if [[ -z "${DISTRAL_NO_BUILD:-}" ]]; then
        if ! build_log=$(dotnet build src/Distral.Cli -c Release --artifacts-path "$artifacts" -v quiet -nologo 2>&1); then
            echo "$build_log" >&2
            echo "ac-robustness.sh: the build failed" >&2
            exit 1
        fi
    fi
    distral=(dotnet "$artifacts/bin/Distral.Cli/release/distral.dll")

    for algo in "${algos[@]}"; do
        config=configs/ac/$algo.yaml
        [[ -f "$config" ]] || { echo "ac-robustness.sh: no config $config" >&2; exit 2; }
        dir="$runs/$algo"
        if [[ -f "$dir/sweep.json" ]]; then
            echo "reuse $dir"
            continue
        fi
        rm -rf "$dir"    # `distral sweep` wants an empty output directory; an unfinished sweep is redone
        mkdir -p "$runs"
        start=$SECONDS
        "${distral[@]}" sweep "$config" --grid "ac_lr_task=$lrs" --grid "ac_beta=$betas" --seeds "$seeds" \
            --episodes "$episodes" --jobs "$jobs" --set checkpoints=false --out "$dir" --quiet > "$runs/$algo.log" 2>&1 \
            || { echo "ac-robustness.sh: the sweep of $algo failed (see $runs/$algo.log)" >&2; exit 1; }
        echo "done $dir in $((SECONDS - start)) s ($(grep '^best:' "$runs/$algo.log"))"
    done
fi

python3 - "$runs" "$report" "$svg" "$all_algorithms" <<'PY'
"""Combines the per-algorithm sweeps below RUNS/<algorithm>/ into one table and one sorted-final-returns chart."""
import html, json, math, os, statistics, sys

runs_root, report, svg_path, order = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")
FACTOR = 1.5
COLORS = {"a3c": "#7f7f7f", "a3c-multitask": "#000000", "a3c-2col": "#8c564b", "kl-1col": "#1f77b4",
          "kl-ent-1col": "#17becf", "kl-2col": "#d62728", "kl-ent-2col": "#ff7f0e"}

def load_run(directory):
    with open(os.path.join(directory, "summary.json")) as f:
        s = json.load(f)
    tasks = s["tasks"]
    with open(os.path.join(directory, "config.yaml")) as f:
        config = {line.split(":", 1)[0].strip(): line.split(":", 1)[1].split("#")[0].strip()
                  for line in f if ":" in line and not line.lstrip().startswith("#")}
    final = statistics.mean(t["mean_return_last50"] for t in tasks)
    solved = all(t["mean_duration_last50"] <= FACTOR * t["shortest_path"] for t in tasks if t.get("shortest_path"))
    tasks_solved = sum(t["mean_duration_last50"] <= FACTOR * t["shortest_path"] for t in tasks if t.get("shortest_path"))
    ratio = statistics.mean(t["mean_duration_last50"] / t["shortest_path"] for t in tasks if t.get("shortest_path"))
    limit = int(config.get("max_episode_steps", "1000"))
    # A weaker mark for reduced budgets: the greedy task policy reaches the goal of every task (any path length).
    reaches = all(t["greedy_steps"] < limit for t in tasks)
    return dict(name=os.path.basename(directory), seed=s["seed"], final=final, solved=solved, tasks_solved=tasks_solved, ratio=ratio, reaches=reaches,
                lr=float(config["ac_lr_task"]), beta=float(config["ac_beta"]), env_steps=s["env_steps"],
                episodes=tasks[0]["episodes"])

groups, sweeps = {}, {}
for algo in order:
    folder = os.path.join(runs_root, algo)
    if not os.path.isfile(os.path.join(folder, "sweep.json")):
        continue
    with open(os.path.join(folder, "sweep.json")) as f:
        sweeps[algo] = json.load(f)
    dirs = sorted(root for root, _, files in os.walk(folder) if "summary.json" in files)
    groups[algo] = [load_run(d) for d in dirs]
if not groups:
    sys.exit(f"ac-robustness.sh: no finished sweeps below {runs_root}")

def fmt(v):
    return f"{v:.2f}" if abs(v) < 100 else f"{v:.0f}"

# --- the chart: one line of dots per algorithm, runs sorted best to worst (paper Fig. 4 A2) ---
def chart(title, ylabel, value, log=False):
    W, H, L, R, T, B = 760, 440, 70, 170, 40, 50
    most = max(len(rs) for rs in groups.values())
    ys = [value(r) for rs in groups.values() for r in rs]
    tr = (lambda v: math.log10(v)) if log else (lambda v: v)
    lo, hi = min(map(tr, ys)), max(map(tr, ys))
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    pad = 0.05 * (hi - lo)
    lo, hi = lo - pad, hi + pad
    X = lambda k: L + (k) * (W - L - R) / (most + 1)
    Y = lambda v: T + (hi - tr(v)) * (H - T - B) / (hi - lo)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="14">{html.escape(title)}</text>',
           f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="#333"/><line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="#333"/>',
           f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">run rank within its algorithm (1 = best)</text>',
           f'<text x="16" y="{(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 16 {(T + H - B) / 2})">{html.escape(ylabel)}</text>']
    for i in range(6):
        t = lo + (hi - lo) * i / 5
        v = 10 ** t if log else t
        y = T + (hi - t) * (H - T - B) / (hi - lo)
        out.append(f'<line x1="{L - 4}" y1="{y:.1f}" x2="{W - R}" y2="{y:.1f}" stroke="#eee"/><text x="{L - 6}" y="{y + 4:.1f}" text-anchor="end">{fmt(v)}</text>')
    for k in range(0, most + 1, max(1, most // 6)):
        if k >= 1:
            out.append(f'<text x="{X(k):.1f}" y="{H - B + 16}" text-anchor="middle">{k}</text>')
    for n, (algo, rs) in enumerate(groups.items()):
        color = COLORS.get(algo, "#333")
        srt = sorted(rs, key=lambda r: (-value(r) if not log else value(r), r["name"]))
        pts = " ".join(f"{X(k + 1):.1f},{Y(value(r)):.1f}" for k, r in enumerate(srt))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="1.5"/>')
        for k, r in enumerate(srt):
            out.append(f'<circle cx="{X(k + 1):.1f}" cy="{Y(value(r)):.1f}" r="2.5" fill="{color}"><title>{algo} {html.escape(r["name"])}: {value(r):.3f}</title></circle>')
        ly = T + 10 + 18 * n
        out.append(f'<line x1="{W - R + 12}" y1="{ly}" x2="{W - R + 32}" y2="{ly}" stroke="{color}" stroke-width="2"/><text x="{W - R + 38}" y="{ly + 4}">{algo}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"

os.makedirs(os.path.dirname(os.path.abspath(svg_path)), exist_ok=True)
with open(svg_path, "w") as f:
    f.write(chart("Final return of every run, sorted within its algorithm (paper Fig. 4 A2)",
                  "mean return of the last 50 episodes, mean over tasks", lambda r: r["final"]))
ratio_svg = os.path.splitext(svg_path)[0] + "-durations.svg"
with open(ratio_svg, "w") as f:
    f.write(chart("Last-50 duration / shortest path of every run, sorted (log scale; 1 = optimal, 1.5 = criterion)",
                  "last-50 duration / shortest path, mean over tasks", lambda r: r["ratio"], log=True))

# --- the table ---
lines = ["# Robustness of the seven actor-critic algorithms on plans 4-8 (paper Fig. 4 A2)", "",
         f"Generated by `scripts/ac-robustness.sh` from the sweeps in `{runs_root}`. Every algorithm: `distral sweep` of",
         "configs/ac/<algorithm>.yaml over `ac_lr_task` x `ac_beta` x seeds. A run *solves* the tasks when the mean duration",
         f"of its last 50 training episodes is at most {FACTOR:g}x the shortest path on every task. Final return = mean over",
         "tasks of the mean return of the last 50 episodes (optimal: -0.3, 0.1, 0.5, -0.3, -0.2 on plans 4-8, mean 0.04).", ""]
notes = ""
if os.path.exists(report):
    text = open(report).read()
    b, e = text.find("<!-- notes -->"), text.find("<!-- /notes -->")
    if 0 <= b < e:
        notes = text[b:e + len("<!-- /notes -->")]
if notes:
    lines += [notes, ""]
first = next(iter(sweeps.values()))
grid = ", ".join(f"`{k}` in {{{', '.join(v)}}}" for k, v in first["grid"].items())
episodes = sorted({r["episodes"] for rs in groups.values() for r in rs})
lines += [f"Grid: {grid}; seeds {', '.join(map(str, first['seeds']))}; {'/'.join(map(str, episodes))} episodes per task per run.", "",
          f"Charts: [{os.path.basename(svg_path)}]({os.path.basename(svg_path)}) (final returns) and "
          f"[{os.path.basename(ratio_svg)}]({os.path.basename(ratio_svg)}) (last-50 duration / shortest path, log scale).", "",
          "| algorithm | runs | solve all tasks | greedy reaches every goal | tasks within 1.5x (median of 5) | median final return | best / worst final return | median last-50 duration / shortest | env steps per run (mean) | best point by AUC (solved seeds) |",
          "|---|---|---|---|---|---|---|---|---|---|"]
for algo, rs in groups.items():
    finals = [r["final"] for r in rs]
    solved = sum(r["solved"] for r in rs)
    best = sweeps[algo]["best_settings"]
    best_runs = [r for r in rs if r["lr"] == float(best["ac_lr_task"]) and r["beta"] == float(best["ac_beta"])]
    best_text = ", ".join(f"{k}={v}" for k, v in best.items()) + f" ({sum(r['solved'] for r in best_runs)}/{len(best_runs)})"
    reaches = sum(r["reaches"] for r in rs)
    lines.append(f"| {algo} | {len(rs)} | **{solved}/{len(rs)}** ({100 * solved / len(rs):.0f}%) | {reaches}/{len(rs)} | {statistics.median(r['tasks_solved'] for r in rs):g} | {statistics.median(finals):.2f} | "
                 f"{max(finals):.2f} / {min(finals):.2f} | {statistics.median(r['ratio'] for r in rs):.2f} | "
                 f"{statistics.mean(r['env_steps'] for r in rs) / 1e6:.2f}M | {best_text} |")
lines += ["", "## Per grid point", "",
          "Per (`ac_lr_task`, `ac_beta`): seeds solving all tasks / seeds whose greedy policies reach every goal / seeds run,",
          "and the median final return over the seeds.", ""]
points = sorted({(r["lr"], r["beta"]) for rs in groups.values() for r in rs}, key=lambda p: p)
lines.append("| algorithm | " + " | ".join(f"lr {lr:g}, β {b:g}" for lr, b in points) + " |")
lines.append("|---|" + "---|" * len(points))
for algo, rs in groups.items():
    cells = []
    for p in points:
        at = [r for r in rs if (r["lr"], r["beta"]) == p]
        cells.append(f"{sum(r['solved'] for r in at)}/{sum(r['reaches'] for r in at)}/{len(at)}, "
                     f"{statistics.median(r['final'] for r in at):.1f}" if at else "-")
    lines.append(f"| {algo} | " + " | ".join(cells) + " |")
with open(report, "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"wrote {report}, {svg_path} and {ratio_svg} ({sum(len(rs) for rs in groups.values())} runs)")
PY
