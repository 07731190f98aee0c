# Shared by the results scripts (thesis-results.sh, ac-results.sh, ac-maze.sh): parse a seed list, build the
# CLI once, and train every <algorithm>.yaml of a config folder over the seeds, several runs at a time, reusing
# finished runs (a run directory with a summary.json). Source it; every function takes the calling script's name
# first, for its messages.

# seed_runs_parse_seeds NAME ARG: sets the array `seeds` from a count (1..N) or a comma-separated list.
seed_runs_parse_seeds() {
    local name=$1 arg=$2
    if [[ "$arg" == *,* ]]; then
        IFS=',' read -r -a seeds <<< "$arg"
    elif [[ "$arg" =~ ^[0-9]+$ ]] && (( arg >= 1 )); then
        mapfile -t seeds < <(seq 1 "$arg")
    else
        echo "$name: --seeds expects a count or a comma-separated list, got '$arg'" >&2
        exit 2
    fi
}

# seed_runs_build NAME DEFAULT_ARTIFACTS: builds src/Distral.Cli once (into $DISTRAL_ARTIFACTS or the default; skipped
# when DISTRAL_NO_BUILD is set) and sets the array `distral` to the command that runs the built CLI.
seed_runs_build() {
    local name=$1 artifacts="${DISTRAL_ARTIFACTS:-$2}" build_log
    if [[ -z "${DISTRAL_NO_BUILD:-}" ]]; then
        if ! build_log=$(dotnet build src/Distral.Cli -c Release --artifacts-path "$artifacts" -v quiet -nologo 2>&1); then
            echo "$build_log" >&2
            echo "$name: the build failed" >&2
            exit 1
        fi
    fi
    distral=(dotnet "$artifacts/bin/Distral.Cli/release/distral.dll")
}

# seed_runs_train NAME CONFIG_DIR RUNS JOBS EPISODES ALGORITHM... [-- TRAIN_ARGS...]: trains CONFIG_DIR/<algorithm>.yaml
# for every seed in `seeds` into RUNS/<algorithm>/seed<seed> (EPISODES empty = the config's), JOBS at a time, with
# TRAIN_ARGS added to every `distral train`. Needs `distral` (seed_runs_build). Prints how long training took.
seed_runs_train() {
    local name=$1 config_dir=$2 runs=$3 jobs=$4 episodes=$5
    shift 5
    local algos=() extra=()
    while [[ $# -gt 0 && "$1" != "--" ]]; do algos+=("$1"); shift; done
    [[ $# -gt 0 ]] && { shift; extra=("$@"); }
    local jobs_file config algo seed dir start=$SECONDS
    jobs_file=$(mktemp)
    for algo in "${algos[@]}"; do
        config="$config_dir/$algo.yaml"
        [[ -f "$config" ]] || { echo "$name: no config $config" >&2; rm -f "$jobs_file"; exit 2; }
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
    export DISTRAL_CMD="${distral[*]}" DISTRAL_TRAIN_EXTRA="${extra[*]}"
    export -f seed_runs_run_one
    if [[ -s "$jobs_file" ]]; then
        echo "$(wc -l < "$jobs_file") runs, $jobs at a time"
        # shellcheck disable=SC2016
        xargs -P "$jobs" -L 1 bash -c 'seed_runs_run_one "$@"' _ < "$jobs_file" || { rm -f "$jobs_file"; exit 1; }
    fi
    rm -f "$jobs_file"
    echo "training took $((SECONDS - start)) s"
}

# One run (called by xargs in a child shell): CONFIG SEED DIR [train args...].
seed_runs_run_one() {
    local config=$1 seed=$2 dir=$3
    shift 3
    local cmd extra
    read -r -a cmd <<< "$DISTRAL_CMD"
    read -r -a extra <<< "$DISTRAL_TRAIN_EXTRA"
    mkdir -p "$(dirname "$dir")"
    if "${cmd[@]}" train --config "$config" --seed "$seed" --out "$dir" --quiet "${extra[@]}" "$@" > "$dir.log" 2>&1; then
        echo "done $dir ($(grep -o '[0-9.]* steps/s' "$dir.log" | head -1))"
    else
        echo "FAILED $dir (see $dir.log)" >&2
        return 1
    fi
}
