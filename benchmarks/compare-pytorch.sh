#!/usr/bin/env bash
# Side-by-side speed of the thesis Distral 2col soft-Q schedule (plans 4-8, batch 128, one thread):
# `distral bench` (ours) against benchmarks/reference/distral_sql.py (PyTorch), interleaved
# ours, PyTorch, ours, PyTorch, ... so both see the same machine load. Both run the same warm-up and the
# same timed rounds; the script fails unless both report the same env steps, soft-Q updates and
# distillation updates. The last line is `ratio: <ours / PyTorch>` (best env steps per second of each).
#
# usage: benchmarks/compare-pytorch.sh [--rounds N] [--repeats N] [--artifacts DIR]
#   --rounds     timed rounds per run (default 300 = 1500 env steps; PyTorch needs ~20-30 s per run)
#   --repeats    interleaved runs of each (default 2)
#   --artifacts  dotnet --artifacts-path for the Release build (default /tmp/distral-compare-artifacts)
# Needs Debian's python3-torch (installed with apt-get when no python3 on PATH or /usr/bin imports torch).
set -euo pipefail

cd "$(dirname "$0")/.."
rounds=300
repeats=2
artifacts=/tmp/distral-compare-artifacts
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --artifacts) artifacts="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "compare-pytorch: unknown option '$1'" >&2; exit 2 ;;
    esac
done
warmup=128

# A python that imports torch. Debian's python3-torch installs into the system python (/usr/bin/python3),
# which a pyenv shim earlier on PATH would hide, so try that one first.
find_python() {
    for candidate in /usr/bin/python3 "$(command -v python3 || true)"; do
        if [[ -n "$candidate" && -x "$candidate" ]] && "$candidate" -c "import torch" >/dev/null 2>&1; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}
if ! python=$(find_python); then
    echo "compare-pytorch: no python with torch; installing Debian's python3-torch" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
    python=$(find_python) || { echo "compare-pytorch: torch still not importable after installing python3-torch" >&2; exit 1; }
fi
echo "python: $python (torch $("$python" -c 'import torch; print(torch.__version__)'))" >&2

echo "building distral (Release, artifacts in $artifacts)" >&2
dotnet build src/Distral.Cli -c Release --artifacts-path "$artifacts" -nologo -v quiet >&2
distral="$artifacts/bin/Distral.Cli/release/distral"
[[ -x "$distral" ]] || { echo "compare-pytorch: $distral not found after the build" >&2; exit 1; }

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
for ((r = 1; r <= repeats; r++)); do
    echo "run $r/$repeats: ours" >&2
    "$distral" bench --json --no-kernels --threads 1 --rounds "$rounds" --warmup "$warmup" > "$results/ours-$r.json"
    echo "run $r/$repeats: pytorch" >&2
    "$python" benchmarks/reference/distral_sql.py --threads 1 --rounds "$rounds" --warmup "$warmup" > "$results/pytorch-$r.json"
done
uptime >&2 || true

# Check both did the same work, then print the table and the ratio (last line).
"$python" - "$results" "$repeats" <<'PY'
import json, statistics, sys
folder, repeats = sys.argv[1], int(sys.argv[2])
ours = [json.load(open(f"{folder}/ours-{r}.json")) for r in range(1, repeats + 1)]
torch_ = [json.load(open(f"{folder}/pytorch-{r}.json")) for r in range(1, repeats + 1)]
work = ("tasks", "batch", "warmup_rounds", "rounds", "env_steps", "task_updates", "distill_updates")
for o, p in zip(ours, torch_):
    differing = [k for k in work if o.get(k) != p.get(k)]
    if differing:
        for k in differing:
            print(f"compare-pytorch: WORK MISMATCH {k}: ours {o.get(k)} vs pytorch {p.get(k)}", file=sys.stderr)
        sys.exit(1)
def row(name, runs):
    sps = [r["steps_per_second"] for r in runs]
    cps = [r["steps_per_cpu_second"] for r in runs]
    print(f"{name:<9} {max(sps):>12.1f} {statistics.median(sps):>12.1f} {max(cps):>14.1f}   {runs[0]['implementation']}")
    return max(sps), max(cps)
o = ours[0]
print(f"same work per run: {o['rounds']} rounds = {o['env_steps']} env steps, {o['task_updates']} soft-Q updates "
      f"(batch {o['batch']}), {o['distill_updates']} distillation updates; {repeats} interleaved runs each")
print(f"{'':<9} {'best step/s':>12} {'median':>12} {'step/CPU s':>14}")
ours_best, ours_cpu = row("ours", ours)
torch_best, torch_cpu = row("pytorch", torch_)
print(f"per CPU second ratio: {ours_cpu / torch_cpu:.2f}")
print(f"ratio: {ours_best / torch_best:.2f}")
PY
