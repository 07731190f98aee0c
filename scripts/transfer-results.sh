#!/usr/bin/env bash
# Transfer to held-out tasks (docs/results-transfer.md), soft-Q family, over seeds:
#   1. source phase on the source tasks, per seed: Distral 2col (its pi_0 is the prior), soft Q alone (the teachers),
#      and the two students of those teachers (policy distillation, nll; Actor-Mimic);
#   2. target phase on held-out tasks never seen in the source phase, per method and seed:
#        scratch          soft Q alone from scratch (sql-independent)
#        distral-scratch  Distral 2col from scratch on the targets (separates the algorithm from the transfer)
#        prior-trainable  Distral 2col with the source run's pi_0 as prior, still distilled on the targets
#        prior-frozen     the same with pi_0 frozen
#        actor-mimic-init soft Q alone, columns initialised from the Actor-Mimic network's trunk
#        pd-init          soft Q alone, columns initialised from the policy-distillation student's trunk
#      Every method uses the same settings (configs/tuned/*.yaml, shared by all algorithms; nothing tuned per method).
#   3. the table (Taylor and Stone 2009): jumpstart (mean return of the first 10 target episodes), time to threshold
#      (target episodes until the 10-episode mean duration is within 1.25x of the expected shortest path), area under
#      the curve (mean return over all target episodes) and final (mean return of the last 10 episodes).
# Finished runs (a summary.json) are reused, so an interrupted invocation resumes where it stopped.
#
#   --family ac-plans: the actor-critic family on plans (source 4-6, targets 7-8, 3000 target episodes): A3C from
#   scratch, KL 2col from scratch, KL 2col with the source KL 2col run's pi_0 (trainable, frozen), and A3C
#   initialised from a multitask A3C run's shared trunk (configs/ac/*.yaml, the same settings for every method).
# usage: scripts/transfer-results.sh [--family two-room|plans|ac-plans|all] [--seeds N | --seeds 1,2,3] [--jobs J]
#                                    [--runs DIR] [--table-only] [--report FILE] [--tag NAME --target-set key=value...]
#   --tag NAME --target-set k=v  a second setting of the target phase for EVERY method (the same sweep for all),
#          written to RUNS/<family>/target-NAME; the source runs are shared. The table reports each setting and,
#          per method, its best setting by AUC.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/seed-runs.sh
source scripts/lib/seed-runs.sh
seeds_arg=10
jobs=$(nproc 2>/dev/null || echo 2)
runs=runs/transfer-results
report=/dev/null
family_arg=all
table_only=false
tag=""
target_sets=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --family) family_arg="$2"; shift 2 ;;
        --seeds) seeds_arg="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --report) report="$2"; shift 2 ;;
        --table-only) table_only=true; shift ;;
        --tag) tag="$2"; shift 2 ;;
        --target-set) target_sets="$target_sets --set $2"; shift 2 ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "transfer-results: unknown option '$1'" >&2; exit 2 ;;
    esac
done
seed_runs_parse_seeds transfer-results "$seeds_arg"

# family|source tasks|target tasks|source episodes|target episodes|args of every run
families_all=(
    "two-room|two-room-random:0..4|two-room-random:5..9|100|100|--set max_episode_steps=100"
    "plans|plan4,plan5,plan6|plan7,plan8|200|100|"
    "ac-plans|plan4,plan5,plan6|plan7,plan8|30000|3000|"
)
case "$family_arg" in
    all) families=("${families_all[@]}") ;;
    two-room) families=("${families_all[0]}") ;;
    plans) families=("${families_all[1]}") ;;
    ac-plans) families=("${families_all[2]}") ;;
    *) echo "transfer-results: --family expects two-room, plans or all, got '$family_arg'" >&2; exit 2 ;;
esac

run_jobs() { # a file of lines "dir|args..." -> runs them JOBS at a time
    local file=$1
    [[ -s "$file" ]] || return 0
    echo "$(wc -l < "$file") runs, $jobs at a time"
    tr '\n' '\0' < "$file" | xargs -0 -P "$jobs" -I{} bash -c '
        IFS="|" read -r dir args <<< "$1"
        rm -rf "$dir"; mkdir -p "$(dirname "$dir")"
        # shellcheck disable=SC2086
        if ! "${@:2}" train $args --out "$dir" --quiet > "$dir.log" 2>&1; then echo "FAILED $dir (see $dir.log)" >&2; exit 1; fi
        echo "done $dir"' _ {} "${distral[@]}"
}

add() { # dir args... -> the job file, unless the run is finished
    local dir=$1; shift
    [[ -f "$dir/summary.json" ]] && return 0
    echo "$dir|$*" >> "$jobs_file"
}

if ! $table_only; then
    seed_runs_build transfer-results /tmp/distral-transfer-artifacts
    jobs_file=$(mktemp)
    for entry in "${families[@]}"; do
        IFS='|' read -r fam src tgt src_eps tgt_eps common <<< "$entry"
        : > "$jobs_file"
        if [[ "$fam" == ac-plans ]]; then
            for s in "${seeds[@]}"; do
                add "$runs/$fam/source/kl-2col/seed$s" --config configs/ac/kl-2col.yaml --tasks "$src" --episodes "$src_eps" --seed "$s"
                add "$runs/$fam/source/a3c-multitask/seed$s" --config configs/ac/a3c-multitask.yaml --tasks "$src" --episodes "$src_eps" --seed "$s"
            done
            run_jobs "$jobs_file"
            : > "$jobs_file"
            for s in "${seeds[@]}"; do
                S="$runs/$fam/source" T="$runs/$fam/target${tag:+-$tag}"
                # shellcheck disable=SC2206
                base=(--tasks "$tgt" --episodes "$tgt_eps" --seed "$s" $target_sets)
                add "$T/ac-scratch/seed$s" --config configs/ac/a3c.yaml "${base[@]}"
                add "$T/ac-distral-scratch/seed$s" --config configs/ac/kl-2col.yaml "${base[@]}"
                add "$T/ac-prior-trainable/seed$s" --config configs/ac/kl-2col.yaml "${base[@]}" --prior "$S/kl-2col/seed$s"
                add "$T/ac-prior-frozen/seed$s" --config configs/ac/kl-2col.yaml "${base[@]}" --prior "$S/kl-2col/seed$s" --set prior_trainable=false
                add "$T/ac-multitask-init/seed$s" --config configs/ac/a3c.yaml "${base[@]}" --init-from "$S/a3c-multitask/seed$s"
            done
            run_jobs "$jobs_file"
            continue
        fi
        for s in "${seeds[@]}"; do
            S="$runs/$fam/source"
            add "$S/distral/seed$s" --config configs/tuned/distral-2col-sql.yaml --tasks "$src" --episodes "$src_eps" --seed "$s" $common
            add "$S/sql/seed$s" --config configs/tuned/sql-independent.yaml --tasks "$src" --episodes "$src_eps" --seed "$s" $common
        done
        run_jobs "$jobs_file"
        : > "$jobs_file"
        for s in "${seeds[@]}"; do
            S="$runs/$fam/source"
            add "$S/pd/seed$s" --config configs/distill/policy-distillation-nll.yaml --tasks "$src" --seed "$s" --teachers "$S/sql/seed$s" $common
            add "$S/actor-mimic/seed$s" --config configs/distill/actor-mimic.yaml --tasks "$src" --seed "$s" --teachers "$S/sql/seed$s" $common
        done
        run_jobs "$jobs_file"
        : > "$jobs_file"
        for s in "${seeds[@]}"; do
            S="$runs/$fam/source" T="$runs/$fam/target${tag:+-$tag}"
            # shellcheck disable=SC2206
            base=(--tasks "$tgt" --episodes "$tgt_eps" --seed "$s" $common $target_sets)
            add "$T/scratch/seed$s" --config configs/tuned/sql-independent.yaml "${base[@]}"
            add "$T/distral-scratch/seed$s" --config configs/tuned/distral-2col-sql.yaml "${base[@]}"
            add "$T/prior-trainable/seed$s" --config configs/tuned/distral-2col-sql.yaml "${base[@]}" --prior "$S/distral/seed$s"
            add "$T/prior-frozen/seed$s" --config configs/tuned/distral-2col-sql.yaml "${base[@]}" --prior "$S/distral/seed$s" --set prior_trainable=false
            add "$T/actor-mimic-init/seed$s" --config configs/tuned/sql-independent.yaml "${base[@]}" --init-from "$S/actor-mimic/seed$s"
            add "$T/pd-init/seed$s" --config configs/tuned/sql-independent.yaml "${base[@]}" --init-from "$S/pd/seed$s"
        done
        run_jobs "$jobs_file"
    done
    rm -f "$jobs_file"
fi

if [[ "$report" == /dev/null ]]; then
    python3 scripts/lib/transfer_table.py "$runs" "${families[@]%%|*}"
else
    python3 scripts/lib/transfer_table.py "$runs" "${families[@]%%|*}" > "$report.partial"
    mv "$report.partial" "$report"
    cat "$report"
fi
