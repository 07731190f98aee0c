"""The transfer table of scripts/transfer-results.sh: RUNS FAMILY... -> markdown on stdout.

Per method, over seeds and target tasks (Taylor and Stone 2009):
  jumpstart  mean return of the first 10 target episodes
  time to threshold  target episodes until the 10-episode mean duration is <= 1.25x the expected shortest path
                     (the shortest path from the start, or its mean over the random starts); runs that never get
                     there count as the budget and are reported as not reached
  AUC        mean return over all target episodes (the area under the learning curve per episode)
  final      mean return of the last 10 target episodes
"""
import csv, json, os, statistics, sys

WINDOW = 10
METHODS = ["scratch", "distral-scratch", "prior-trainable", "prior-frozen", "actor-mimic-init", "pd-init",
           "ac-scratch", "ac-distral-scratch", "ac-prior-trainable", "ac-prior-frozen", "ac-multitask-init"]
LABELS = {
    "scratch": "soft Q alone, from scratch",
    "distral-scratch": "Distral 2col, from scratch",
    "prior-trainable": "Distral 2col, source pi_0 as prior (trainable)",
    "prior-frozen": "Distral 2col, source pi_0 as prior (frozen)",
    "actor-mimic-init": "soft Q alone, Actor-Mimic trunk init",
    "pd-init": "soft Q alone, policy-distillation trunk init",
    "ac-scratch": "A3C, from scratch",
    "ac-distral-scratch": "KL 2col, from scratch",
    "ac-prior-trainable": "KL 2col, source pi_0 as prior (trainable)",
    "ac-prior-frozen": "KL 2col, source pi_0 as prior (frozen)",
    "ac-multitask-init": "A3C, multitask-A3C trunk init",
}


def curves(run):
    """{task: (durations, returns)} of a finished run's first `episodes` episodes per task, and the summary."""
    with open(os.path.join(run, "summary.json")) as f:
        summary = json.load(f)
    budget = {t["name"]: t["episodes"] for t in summary["tasks"]}
    out = {name: ([], []) for name in budget}
    with open(os.path.join(run, "metrics.csv")) as f:
        for row in csv.DictReader(f):
            d, r = out[row["task"]]
            if len(d) < budget[row["task"]]:
                d.append(int(row["steps"]))
                r.append(float(row["return"]))
    return out, summary


def time_to_threshold(durations, reference):
    for k in range(WINDOW, len(durations) + 1):
        if statistics.fmean(durations[k - WINDOW:k]) <= 1.25 * reference:
            return k, True
    return len(durations), False


def fmt(x, digits=2):
    return f"{x:.{digits}f}"


def family_table(runs, family, target="target"):
    root = os.path.join(runs, family, target)
    rows, per_task, paired = [], {}, {}
    scratch_ttt = None
    for method in METHODS:
        mdir = os.path.join(root, method)
        if not os.path.isdir(mdir):
            continue
        seeds = sorted(d for d in os.listdir(mdir) if os.path.isfile(os.path.join(mdir, d, "summary.json")))
        if not seeds:
            continue
        jump, ttt, reached, auc, final, greedy_ok = [], [], 0, [], [], 0
        tasks = None
        for seed in seeds:
            data, summary = curves(os.path.join(mdir, seed))
            tasks = [t["name"] for t in summary["tasks"]]
            for t in summary["tasks"]:
                d, r = data[t["name"]]
                ref = t.get("mean_shortest_path") or t.get("shortest_path")
                jump.append(statistics.fmean(r[:WINDOW]))
                k, ok = time_to_threshold(d, ref)
                ttt.append(k)
                reached += ok
                auc.append(statistics.fmean(r))
                final.append(statistics.fmean(r[-WINDOW:]))
                per_task.setdefault((method, t["name"]), []).append(k)
                paired[(method, seed, t["name"])] = k
                if t.get("shortest_path") is not None:
                    greedy_ok += t["greedy_steps"] == t["shortest_path"]
        med = statistics.median(ttt)
        if method in ("scratch", "ac-scratch"):
            scratch_ttt = med
        rows.append((method, len(seeds), tasks, med, reached, len(ttt), statistics.fmean(jump), statistics.fmean(auc),
                     statistics.fmean(final), statistics.fmean(ttt)))
    if not rows:
        return f"## {family}\n\nNo finished target runs under {root}.\n", {}
    setting = "" if target == "target" else f" ({target[len('target-'):]})"
    out = [f"## {family}{setting}", "", f"Target tasks: {', '.join(rows[0][2])}. Per method: seeds x target tasks pooled.", "",
           "| method | seeds | time to threshold, median (mean) | reached | vs scratch (median) | faster / slower than scratch (same seed and task) | jumpstart | AUC | final |",
           "|---|---|---|---|---|---|---|---|---|"]
    base = "ac-scratch" if any(r[0] == "ac-scratch" for r in rows) else "scratch"
    for method, n, _, med, reached, total, j, a, fin, mean_ttt in rows:
        ratio = f"{med / scratch_ttt:.2f}x" if scratch_ttt else "-"
        pairs = [(v, paired[(base, s, t)]) for (m, s, t), v in paired.items() if m == method and (base, s, t) in paired]
        wins = "-" if method == base else f"{sum(v < b for v, b in pairs)} / {sum(v > b for v, b in pairs)}"
        out.append(f"| {LABELS[method]} | {n} | {med:g} ({mean_ttt:.1f}) | {reached}/{total} | {ratio} | {wins} | {fmt(j)} | {fmt(a)} | {fmt(fin)} |")
    out += ["", "Median time to threshold per target task (episodes):", "",
            "| method | " + " | ".join(rows[0][2]) + " |", "|---|" + "---|" * len(rows[0][2])]
    for method, *_ in rows:
        cells = [f"{statistics.median(per_task[(method, t)]):g}" for t in rows[0][2]]
        out.append(f"| {LABELS[method]} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n", {r[0]: r for r in rows}


def best_table(family, settings):
    """Per method, its setting with the highest AUC (each method chooses from the same settings)."""
    out = [f"## {family}: each method at its best setting (by AUC)", "",
           "| method | setting | time to threshold, median | reached | jumpstart | AUC | final |", "|---|---|---|---|---|---|---|"]
    for method in METHODS:
        cands = [(rows[method], name) for name, rows in settings.items() if method in rows]
        if not cands:
            continue
        (m, n, _, med, reached, total, j, a, fin, _), name = max(cands, key=lambda c: c[0][7])
        out.append(f"| {LABELS[method]} | {name} | {med:g} | {reached}/{total} | {fmt(j)} | {fmt(a)} | {fmt(fin)} |")
    return "\n".join(out) + "\n"


def main():
    runs, families = sys.argv[1], sys.argv[2:]
    parts = []
    for f in families:
        targets = sorted(d for d in os.listdir(os.path.join(runs, f)) if d.startswith("target")) if os.path.isdir(os.path.join(runs, f)) else ["target"]
        settings = {}
        for t in targets:
            text, rows = family_table(runs, f, t)
            parts.append(text)
            if rows:
                settings["default" if t == "target" else t[len("target-"):]] = rows
        if len(settings) > 1:
            parts.append(best_table(f, settings))
    print("\n".join(parts))


main()
