using Distral.Agents;
using Distral.Nn;

using static Distral.Experiments.Tests.ResumeHelpers;

namespace Distral.Experiments.Tests;

/// <summary>What the transfer tests of both families share: key snippets, source runs, agents built from a config, and the one-line refusal check.</summary>
internal static class TransferTestSupport
{
    /// <summary>A path as a YAML double-quoted string's content.</summary>
    public static string Escape(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);

    /// <summary>The `prior_run` and `prior_trainable` lines.</summary>
    public static string Prior(string dir, bool trainable = true) => $"prior_run: \"{Escape(dir)}\"\nprior_trainable: {(trainable ? "true" : "false")}";

    /// <summary>The `init_from` line.</summary>
    public static string Init(string dir) => $"init_from: \"{Escape(dir)}\"";

    /// <summary>Every parameter of <paramref name="m"/>, flattened in order.</summary>
    public static float[] Flat(Module m) => [.. m.Parameters().SelectMany(p => p.ToArray())];

    /// <summary>The agent's network called <paramref name="name"/>.</summary>
    public static Module Network(IMultitaskAgent agent, string name) => agent.Networks.Single(n => n.Name == name).Network;

    /// <summary>The agent the runner would build for <paramref name="config"/> (transfer applied), without training.</summary>
    public static IMultitaskAgent Build(RunConfig config)
    {
        var envs = TaskResolver.CreateEnvs(TaskResolver.Resolve(config), config.Seed, config.MaxEpisodeSteps, stream: 0);
        return AlgorithmCatalog.Get(config.Algorithm).Create(envs, config, config.Seed);
    }

    /// <summary>A tiny finished source run on plan5 and plan6 (seed 3, 3 episodes, hidden [8, 8]) with <paramref name="extra"/> keys.</summary>
    public static string TrainSource(string algorithm, string name, string extra)
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), name);
        ExperimentRunner.Run(new RunRequest
        {
            Config = ConfigLoader.Parse($"""
                algorithm: {algorithm}
                tasks: [plan5, plan6]
                seed: 3
                episodes: 3
                max_episode_steps: 30
                hidden: [8, 8]
                progress_every: 0
                {extra}
                """, name + ".yaml"),
            OutputDirectory = dir,
        });
        return dir;
    }

    /// <summary>
    /// Running <paramref name="config"/> fails with one line that starts with the key of <paramref name="transferKey"/>
    /// ("prior" or "init") and contains every <paramref name="expected"/> text, and no run directory is created.
    /// </summary>
    public static void AssertRefusedInOneLine(RunConfig config, string transferKey, params string[] expected)
    {
        string dir = NewRun();
        var e = Assert.Throws<ConfigException>(() => ExperimentRunner.Run(new RunRequest { Config = config, OutputDirectory = dir }));
        Assert.StartsWith(transferKey == "prior" ? "key 'prior_run': " : "key 'init_from': ", e.Message, StringComparison.Ordinal);
        foreach (string text in expected) Assert.Contains(text, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Directory.Exists(dir));
    }
}
