using Distral.Agents.ActorCritic;
using Distral.Agents.SoftQ;

namespace Distral.Experiments;

/// <summary>
/// The algorithms a config's <c>algorithm</c> key can name. Later issues add the actor-critic family here;
/// an unknown name is refused by the config loader with the list of valid names.
/// </summary>
public static class AlgorithmCatalog
{
    /// <summary>Every algorithm, in documentation order.</summary>
    public static IReadOnlyList<AlgorithmSpec> All { get; } =
    [
        new("sql-independent", "Soft Q-learning of each task alone (uniform prior, no pi_0): the thesis/paper baseline.",
            (envs, config, seed) => SoftQAgents.Create(SoftQOptions.SqlIndependent, envs, config, seed)),
        new("distral-1col-sql", "Distral 1col via soft Q (thesis): separate task networks f_i acting with softmax(f_i), pi_0 by distillation.",
            (envs, config, seed) => SoftQAgents.Create(SoftQOptions.Distral1Col, envs, config, seed)),
        new("distral-2col-sql", "Distral 2col via soft Q (paper/thesis): task policies softmax(alpha h + beta f_i) share the distilled column h.",
            (envs, config, seed) => SoftQAgents.Create(SoftQOptions.Distral2Col, envs, config, seed)),
        new("distral-1col-beta-sql", "Distral 1col-beta via soft Q (thesis 3.5): like 1col but acting with softmax(beta' f_i).",
            (envs, config, seed) => SoftQAgents.Create(SoftQOptions.Distral1ColBeta, envs, config, seed)),
        new("a3c", "A3C (actor-critic, entropy only): a separate network per task, no pi_0.",
            (envs, config, seed) => ActorCriticAgents.Create(ActorCriticOptions.A3c, envs, config, seed)),
        new("a3c-multitask", "A3C multitask: one network (shared policy, a value per task) for all tasks, entropy only.",
            (envs, config, seed) => ActorCriticAgents.Create(ActorCriticOptions.A3cMultitask, envs, config, seed)),
        new("a3c-2col", "A3C 2col: task policies softmax(h + beta f_i) with a shared column h, entropy only (no KL).",
            (envs, config, seed) => ActorCriticAgents.Create(ActorCriticOptions.A3c2Col, envs, config, seed)),
        new("kl-1col", "Distral KL 1col (actor-critic, alpha 1): task networks softmax(f_i), pi_0 = softmax(h) via the KL term.",
            (envs, config, seed) => ActorCriticAgents.Create(ActorCriticOptions.Kl1Col, envs, config, seed)),
        new("kl-ent-1col", "Distral KL+ent 1col (actor-critic, alpha `ac_kl_ent_alpha`): as kl-1col with an entropy term.",
            (envs, config, seed) => ActorCriticAgents.Create(ActorCriticOptions.KlEnt1Col, envs, config, seed)),
        new("kl-2col", "Distral KL 2col (actor-critic, alpha 1): task policies softmax(alpha h + beta f_i), pi_0 = softmax(h).",
            (envs, config, seed) => ActorCriticAgents.Create(ActorCriticOptions.Kl2Col, envs, config, seed)),
        new("kl-ent-2col", "Distral KL+ent 2col (actor-critic, alpha `ac_kl_ent_alpha`): as kl-2col with an entropy term.",
            (envs, config, seed) => ActorCriticAgents.Create(ActorCriticOptions.KlEnt2Col, envs, config, seed)),
    ];

    /// <summary>The valid algorithm names.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(a => a.Name)];

    /// <summary>The algorithm with this name; otherwise a <see cref="ConfigException"/> listing the valid names.</summary>
    public static AlgorithmSpec Get(string name) =>
        All.FirstOrDefault(a => a.Name == name)
        ?? throw new ConfigException($"key 'algorithm': unknown algorithm '{name}'; valid: {string.Join(", ", Names)}");
}
