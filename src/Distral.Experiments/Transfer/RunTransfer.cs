using Distral.Agents;
using Distral.Nn;

namespace Distral.Experiments;

/// <summary>
/// Starts a new run's agent from finished runs (keys `init_from` and `prior_run`): the source run is rebuilt from its
/// directory and the matching networks are copied in. Every problem (missing or unfinished run, another family, no
/// network to take, other layer sizes or observation) is one <see cref="ConfigException"/> naming the key and directory.
/// </summary>
public static class RunTransfer
{
    /// <summary>Applies `init_from` then `prior_run` of <paramref name="config"/> to <paramref name="agent"/> (nothing when both are empty).</summary>
    public static void Apply(ITransferableAgent agent, RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(config);
        string initFrom = config.GetString(TransferKeys.InitFrom).Trim();
        string priorRun = config.GetString(TransferKeys.PriorRun).Trim();
        if (initFrom.Length > 0) InitialiseFrom(agent, initFrom);
        if (priorRun.Length > 0) TakePrior(agent, config.Algorithm, priorRun);
    }

    /// <summary>The `transfer` record of summary.json, or null when the run starts from scratch.</summary>
    public static TransferSummary? Describe(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string family = AlgorithmCatalog.Get(config.Algorithm).Family;
        if (!AlgorithmCatalog.Families.First(f => f.Name == family).Keys.Any(k => k.Name == TransferKeys.PriorRun)) return null;
        string initFrom = config.GetString(TransferKeys.InitFrom).Trim();
        string priorRun = config.GetString(TransferKeys.PriorRun).Trim();
        if (initFrom.Length == 0 && priorRun.Length == 0) return null;
        string priorMode = config.GetBool(TransferKeys.PriorTrainable) ? "prior-trainable" : "prior-frozen";
        string mode = (initFrom.Length > 0, priorRun.Length > 0) switch
        {
            (true, true) => $"init-{priorMode}",
            (true, false) => "init",
            _ => priorMode,
        };
        return new TransferSummary(priorRun.Length > 0 ? priorRun : initFrom, mode, initFrom.Length > 0 ? initFrom : null);
    }

    private static void TakePrior(ITransferableAgent agent, string algorithm, string directory)
    {
        const string key = TransferKeys.PriorRun;
        if (agent.Prior is null)
            throw new ConfigException($"key '{key}': '{agent.Algorithm}' has no distilled policy pi_0 to take a prior into; use a Distral algorithm (1col or 2col)");
        var run = Load(key, directory);
        string family = AlgorithmCatalog.Get(algorithm).Family, sourceFamily = AlgorithmCatalog.Get(run.Config.Algorithm).Family;
        if (sourceFamily != family)
            throw new ConfigException($"key '{key}': {directory}: its algorithm '{run.Config.Algorithm}' is of the {sourceFamily} family, '{algorithm}' of the {family} family; the prior must come from a run of the same family (pi_0 has another architecture)");
        var source = Pi0(run)
            ?? throw new ConfigException($"key '{key}': {directory}: its algorithm '{run.Config.Algorithm}' has no distilled policy pi_0 (network 'distilled'); the prior must come from a Distral run");
        Copy(key, directory, () => agent.UsePrior(source));
    }

    private static void InitialiseFrom(ITransferableAgent agent, string directory)
    {
        const string key = TransferKeys.InitFrom;
        var run = Load(key, directory);
        if (SharedTrunk(run) is { } trunk)
        {
            Copy(key, directory, () => agent.InitialiseTrunks(trunk));
            return;
        }
        // A torso that is not a list of dense layers (conv + LSTM) goes whole into a target that takes one.
        if (run.Agent is ISharedTorsoAgent { SharedTorso: { } torso } && agent is ISharedTorsoAgent target)
        {
            Copy(key, directory, () => target.InitialiseTorsos(torso));
            return;
        }
        throw new ConfigException($"key '{key}': {directory}: its algorithm '{run.Config.Algorithm}' has no shared network to initialise from (a student's 'trunk', a Distral run's pi_0 column or a multitask network)");
    }

    /// <summary>
    /// The trunk a finished run shares between its tasks: a distillation student's trunk (all its layers), else the
    /// hidden layers of its pi_0 column, else a shared-network algorithm's own trunk; null when it has none.
    /// </summary>
    public static IReadOnlyList<Linear>? SharedTrunk(LoadedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Network(run, "trunk") is Sequential studentTrunk) return NetworkTransfer.Linears(studentTrunk);
        if (run.Agent is ISharedTrunkAgent shared && shared.SharedTrunk is { } trunk) return trunk;
        if (Network(run, "distilled") is Sequential distilled) return NetworkTransfer.HiddenLinears(distilled);
        return null;
    }

    // The source's pi_0: the network its agent takes priors into (each family says which), else one named 'distilled'.
    private static Module? Pi0(LoadedRun run) => (run.Agent as ITransferableAgent)?.Prior ?? Network(run, "distilled");

    private static Module? Network(LoadedRun run, string name)
    {
        foreach (var (n, network) in run.Agent.Networks) if (n == name) return network;
        return null;
    }

    private static LoadedRun Load(string key, string directory)
    {
        try
        {
            return RunLoader.Load(directory);
        }
        catch (ConfigException e)
        {
            throw new ConfigException($"key '{key}': {e.Message}", e);
        }
    }

    private static void Copy(string key, string directory, Action copy)
    {
        try
        {
            copy();
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"key '{key}': {directory} does not fit this run: {e.Message} (both runs need the same `observation` and `hidden`)", e);
        }
    }
}
