#!/usr/bin/env bash
# Behaviour digests: short training runs of every config under configs/ (plus the built-in demo, an async
# actor-critic run and configs that leave shared keys at their defaults), digested so that a refactoring can
# be shown not to change any result bit.
#
#   scripts/behaviour-digests.sh record OUT.tsv [--episodes N]   # train each case, write one digest line per case
#   scripts/behaviour-digests.sh compare BEFORE.tsv AFTER.tsv    # print the cases whose digests differ
#
# A digest covers metrics.csv without its wall-clock column (wall_seconds), summary.json without its timing
# fields, the final networks' safetensors files, and the counters of `distral bench --json` (env steps, updates, GEMM work), never times.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '5,6p' "$0" >&2; exit 2; }
[ $# -ge 1 ] || usage

case "$1" in
  compare)
    [ $# -eq 3 ] || usage
    join -t $'\t' -a1 -a2 -e MISSING -o 0,1.2,2.2 <(sort "$2") <(sort "$3") | awk -F'\t' '
      { n++; if ($2 == $3) same++; else { diff++; printf "CHANGED  %s\n  before %s\n  after  %s\n", $1, $2, $3 } }
      END { printf "%d cases, %d identical, %d changed\n", n, same, diff; exit (diff > 0) }'
    exit $?
    ;;
  record) ;;
  *) usage ;;
esac

[ $# -ge 2 ] || usage
out=$2; shift 2
episodes=3
while [ $# -gt 0 ]; do
  case "$1" in
    --episodes) episodes=$2; shift 2 ;;
    *) usage ;;
  esac
done

# DISTRAL_DLL=path/to/distral.dll records another build (e.g. the code before a change) without building here.
if [ -z "${DISTRAL_DLL:-}" ]; then
  dotnet build src/Distral.Cli -c Release -v q -nologo >/dev/null
  DISTRAL_DLL=src/Distral.Cli/bin/Release/net10.0/distral.dll
fi
distral() { dotnet "$DISTRAL_DLL" "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$out"

digest_run() { # name, run dir[, extra column to leave out]
  local name=$1 dir=$2 drop=${3:-} m s f
  # metrics.csv minus the wall_seconds column (found by header name) and the extra one
  m=$(awk -F, -v drop="$drop" 'NR==1 { for (i = 1; i <= NF; i++) if ($i == "wall_seconds" || $i == drop) skip[i] = 1 }
               { line = ""; for (i = 1; i <= NF; i++) if (!(i in skip)) line = line (line == "" ? "" : ",") $i; print line }' \
        "$dir/metrics.csv" | sha256sum | cut -c1-16)
  # summary.json minus lines that carry times or machine facts
  s=$(grep -vE '"(wall_seconds|seconds|steps_per_second|created|started|finished|machine|duration_seconds|elapsed_seconds)"' \
        "$dir/summary.json" | sha256sum | cut -c1-16)
  # the final networks, byte for byte (tensor names and values)
  f=$(cat $(find "$dir/checkpoints/final" -name '*.safetensors' 2>/dev/null | sort) /dev/null | sha256sum | cut -c1-16)
  printf '%s\tmetrics=%s summary=%s final=%s rows=%s\n' "$name" "$m" "$s" "$f" "$(($(wc -l < "$dir/metrics.csv") - 1))" >> "$out"
  echo "$name: metrics=$m summary=$s final=$f"
}

run_case() { # name, train args... (DROP_COLUMN=name leaves one more metrics column out)
  local name=$1; shift
  local dir="$work/$(echo "$name" | tr '/ =' '___')"
  distral train "$@" --seed 1 --out "$dir" --quiet > "$dir.log" 2>&1 || { echo "$name: FAILED"; cat "$dir.log"; exit 1; }
  digest_run "$name" "$dir" "${DROP_COLUMN:-}"
}

for cfg in $(find configs -name '*.yaml' | sort); do
  if grep -q '^teachers:' "$cfg"; then
    # A student config learns from a finished soft-Q run: a short one of the tuned baseline, trained once.
    teacher="$work/teacher"
    [ -f "$teacher/summary.json" ] || distral train --config configs/tuned/sql-independent.yaml --episodes "$episodes" --seed 1 \
      --out "$teacher" --quiet > "$work/teacher.log" 2>&1 || { echo "teacher: FAILED"; cat "$work/teacher.log"; exit 1; }
    run_case "$cfg" --config "$cfg" --episodes "$episodes" --teachers "$teacher"
  else
    run_case "$cfg" --config "$cfg" --episodes "$episodes"
  fi
done
run_case "demo" --episodes "$episodes"
# An async actor-critic run with one worker thread. Its episodes (task, number, length, return) and networks are
# deterministic, but env_steps_total is read while the worker runs, so that column is left out here.
DROP_COLUMN=env_steps_total run_case "configs/ac/kl-ent-2col.yaml async" --config configs/ac/kl-ent-2col.yaml --episodes "$episodes" \
  --set workers_mode=async --set threads=1
# An empty config file leaves every key, the shared ones (gamma, hidden, threads) included, at its default: these
# cases show which defaults each family gets (without --config the built-in demo's settings would apply).
: > "$work/empty.yaml"
for algorithm in a3c kl-2col distral-2col-sql; do
  run_case "defaults $algorithm plan4,plan5" --config "$work/empty.yaml" --tasks plan4,plan5 --episodes "$episodes" --set algorithm=$algorithm
done

# bench --json work counters (never its times)
b=$(distral bench --json --rounds 200 --no-kernels | grep -E '"(tasks|batch|warmup_rounds|rounds|env_steps|task_updates|distill_updates|gemm_mflop_per_round|allocated_bytes_per_round)"' | tr -d ' \n')
printf 'bench --json\t%s\n' "$b" >> "$out"
echo "bench --json: $b"
echo "wrote $(wc -l < "$out") digests to $out"
