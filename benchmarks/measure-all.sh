#!/usr/bin/env bash
# Every figure of docs/speed.md in one run (~5-8 minutes): the load average before and after, ours against
# PyTorch (benchmarks/compare-pytorch.sh, same work, interleaved), our schedule with 1 thread, 2 task threads,
# the GEMM split and both (interleaved, best of N), the kernels (FP32 peak, SGEMM 256^3), allocation per round
# (BenchmarkDotNet MemoryDiagnoser) and the scaling tables (1 and 2 task threads per row, back to back).
# Raw outputs go to --out; the last part of stdout is a markdown summary for the page.
#
# usage: benchmarks/measure-all.sh [--out DIR] [--artifacts DIR] [--repeats N] [--rounds N] [--torch-rounds N] [--quick]
#   --out           folder for the raw outputs (default /tmp/distral-measure)
#   --artifacts     dotnet --artifacts-path (default /tmp/distral-measure-artifacts)
#   --repeats       interleaved runs per configuration (default 3)
#   --rounds        timed rounds per run of our schedule (default 2000)
#   --torch-rounds  timed rounds per run of the PyTorch comparison (default 600)
#   --quick         a smoke test of the script itself (tiny runs; the figures mean nothing)
set -euo pipefail

cd "$(dirname "$0")/.."
out=/tmp/distral-measure
artifacts=/tmp/distral-measure-artifacts
repeats=3
rounds=2000
torch_rounds=600
scaling_rounds=300
bdn_job=short
bdn_ops="--invocationCount 2048 --unrollFactor 1"
quick=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) out="$2"; shift 2 ;;
        --artifacts) artifacts="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --torch-rounds) torch_rounds="$2"; shift 2 ;;
        --quick) quick=1; repeats=1; rounds=20; torch_rounds=2; scaling_rounds=2; bdn_job=dry; bdn_ops=""; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "measure-all: unknown option '$1'" >&2; exit 2 ;;
    esac
done
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.txt

stamp() { echo "$(date -u +%H:%M:%S) $*" >&2; }
uptime > "$out/load-before.txt"
nproc > "$out/nproc.txt"
lscpu 2>/dev/null | grep -E '^(Model name|Thread|Core|Socket)' > "$out/cpu.txt" || true
start=$(date +%s)

stamp "building distral and the benchmarks (Release, $artifacts)"
dotnet build src/Distral.Cli -c Release --artifacts-path "$artifacts" -nologo -v quiet >&2
dotnet build benchmarks/Distral.Benchmarks -c Release --artifacts-path "$artifacts" -nologo -v quiet >&2
distral="$artifacts/bin/Distral.Cli/release/distral"
benchmarks="$artifacts/bin/Distral.Benchmarks/release/Distral.Benchmarks"

# 1. Threads: four configurations interleaved, so each saw the same load; best of the repeats.
for ((r = 1; r <= repeats; r++)); do
    for config in "1 1" "2 1" "1 2" "2 2"; do
        read -r task_threads gemm_threads <<< "$config"
        stamp "run $r/$repeats: ours, task threads $task_threads, GEMM threads $gemm_threads"
        "$distral" bench --json --no-kernels --rounds "$rounds" --task-threads "$task_threads" --threads "$gemm_threads" \
            > "$out/threads-t${task_threads}-g${gemm_threads}-$r.json"
    done
done

# 2. Ours against PyTorch, same work (the script fails on a mismatch); its last line is "ratio: ...".
stamp "compare-pytorch.sh --rounds $torch_rounds --repeats $repeats"
benchmarks/compare-pytorch.sh --rounds "$torch_rounds" --repeats "$repeats" --artifacts "$artifacts" > "$out/compare-pytorch.txt"

# 3. Kernels: FP32 peak, SGEMM, MLP step (one thread, best of N).
stamp "kernels"
"$distral" bench --json --rounds "$rounds" > "$out/kernels.json"

# 4. Scaling tables: every row with 1 and with 2 task threads, back to back.
stamp "scaling"
"$distral" bench --json --scaling --task-threads 2 --rounds "$scaling_rounds" > "$out/scaling.json"

# 5. Allocation (and time) per round and per MLP step with BenchmarkDotNet's MemoryDiagnoser. 2048 calls per
#    iteration: BenchmarkDotNet's own ~3-4 KB per measurement, or a one-off runtime allocation, would otherwise
#    show as tens of bytes per call for the 2 ms round (256 calls by default).
stamp "BenchmarkDotNet (--job $bdn_job)"
(cd "$out" && "$benchmarks" --filter '*SoftQRoundBenchmarks*' '*MlpStepBenchmarks*' '*GemmBenchmarks*' \
    --job "$bdn_job" --inProcess $bdn_ops --artifacts "$out/bdn" > "$out/bdn.txt" 2>&1) || { cat "$out/bdn.txt" >&2; exit 1; }

uptime > "$out/load-after.txt"
echo $(( $(date +%s) - start )) > "$out/seconds.txt"
stamp "done in $(cat "$out/seconds.txt") s; summary:"

python3 - "$out" "$repeats" <<'PY'
import glob, json, re, statistics, sys
out, repeats = sys.argv[1], int(sys.argv[2])
def load(path): return json.load(open(path))
def best(pattern):
    runs = [load(p) for p in sorted(glob.glob(f"{out}/{pattern}"))]
    return max(runs, key=lambda r: r["steps_per_second"]), runs
print(f"machine: {open(out + '/cpu.txt').read().strip()}; {open(out + '/nproc.txt').read().strip()} cores")
print(f"load before: {open(out + '/load-before.txt').read().strip()}")
print(f"load after:  {open(out + '/load-after.txt').read().strip()}")
print(f"script time: {open(out + '/seconds.txt').read().strip()} s")
print()
print("| configuration | best env steps/s | median | env steps per CPU s | us/round (best) | bytes/round |")
print("|---|---:|---:|---:|---:|---:|")
configs = [("1 thread", "threads-t1-g1-*.json"), ("2 task threads", "threads-t2-g1-*.json"),
           ("GEMM split (`--threads 2`)", "threads-t1-g2-*.json"), ("2 task threads + GEMM split", "threads-t2-g2-*.json")]
bests = {}
for name, pattern in configs:
    b, runs = best(pattern)
    bests[name] = b
    sps = [r["steps_per_second"] for r in runs]
    print(f"| {name} | {max(sps):,.1f} | {statistics.median(sps):,.1f} | {b['steps_per_cpu_second']:,.1f} | "
          f"{b['microseconds_per_round']:,.1f} | {max(r['allocated_bytes_per_round'] for r in runs):.1f} |")
one = bests["1 thread"]["steps_per_second"]
for name in list(bests)[1:]:
    print(f"speed-up {name} / 1 thread: {bests[name]['steps_per_second'] / one:.2f}")
print()
print("compare-pytorch.sh:")
print(open(out + "/compare-pytorch.txt").read().rstrip())
print()
k = load(out + "/kernels.json")["kernels"]
print(f"FP32 peak of one core: {k['peak_gflops']:.1f} GFLOP/s")
for g in k["gemm"]:
    print(f"SGEMM {g['m']}x{g['n']}x{g['k']}: {g['microseconds']:.2f} us, {g['gflops']:.1f} GFLOP/s, {100 * g['share_of_peak']:.1f}% of peak")
m = k["mlp"]
print(f"MLP fwd+bwd batch 128: {m['microseconds_per_batch']:.2f} us, {m['gflops']:.1f} GFLOP/s, {m['allocated_bytes_per_batch']} bytes")
print()
s = load(out + "/scaling.json")
for table, title in (("by_tasks", "tasks"), ("by_batch", "batch")):
    rows = s[table]
    print(f"| {title} | us/round, 1 thread | us/round, 2 task threads | speed-up | env steps/s, 1 thread | env steps/s, 2 task threads | bytes/round (max) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for a, b in zip(rows[0::2], rows[1::2]):
        assert (a["tasks"], a["batch"], a["task_threads"], b["task_threads"]) == (b["tasks"], b["batch"], 1, 2)
        print(f"| {a[title]} | {a['microseconds_per_round']:,.1f} | {b['microseconds_per_round']:,.1f} | "
              f"{a['microseconds_per_round'] / b['microseconds_per_round']:.2f} | {a['steps_per_second']:,.1f} | "
              f"{b['steps_per_second']:,.1f} | {max(a['allocated_bytes_per_round'], b['allocated_bytes_per_round']):.1f} |")
    print()
print("BenchmarkDotNet:")
for line in open(out + "/bdn.txt"):
    if line.startswith("|") or line.startswith(" |"):
        print(line.rstrip())
PY
