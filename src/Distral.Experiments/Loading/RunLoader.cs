using Distral.Envs;
using Distral.Nn;

namespace Distral.Experiments;

/// <summary>
/// Rebuilds the agent of a finished run: config.yaml -> a fresh agent of the run's algorithm for the run's tasks
/// (same seed), then every network loaded by name from checkpoints/final/&lt;name&gt;.safetensors. Every problem a user
/// can cause (not a run directory, missing or corrupt checkpoint) is a one-line <see cref="ConfigException"/>.
/// </summary>
public static class RunLoader
{
    /// <summary>Loads <paramref name="runDirectory"/> (see the class summary).</summary>
    public static LoadedRun Load(string runDirectory)
    {
        if (!Directory.Exists(runDirectory)) throw new ConfigException($"{runDirectory}: no such run directory");
        var run = new RunDirectory(runDirectory);
        string configPath = run.ConfigPath;
        if (!File.Exists(configPath)) throw new ConfigException($"{runDirectory}: no {RunDirectory.ConfigFileName} (not a run directory written by 'distral train')");
        var config = ConfigLoader.Load(configPath);
        var tasks = TaskResolver.Resolve(config);
        var envs = TaskResolver.CreateEnvs(tasks, config.Seed, config.MaxEpisodeSteps);
        string folder = run.FinalNetworksFolder;
        if (!Directory.Exists(folder))
            throw new ConfigException($"{folder}: no checkpoint (the run saved none: it stopped early or ran with checkpoints=false)");
        var agent = AlgorithmCatalog.Get(config.Algorithm).Create(envs, config, config.Seed);
        IReadOnlyDictionary<string, string>? metadata = null;
        foreach (var (name, network) in agent.Networks)
        {
            string file = run.FinalNetworkPath(name);
            if (!File.Exists(file)) throw new ConfigException($"the checkpoint {file} is missing");
            try
            {
                var read = network.LoadSafetensors(file);
                metadata ??= read;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                // Safetensors messages already name the file; a truncated or foreign file must not crash the command.
                string message = e.Message.ReplaceLineEndings(" ");
                throw new ConfigException(message.Contains(file, StringComparison.Ordinal) ? $"corrupt checkpoint: {message}" : $"corrupt checkpoint {file}: {message}", e);
            }
        }
        return new LoadedRun(runDirectory, config, tasks, envs, agent, metadata ?? new Dictionary<string, string>());
    }

    /// <summary>The gridworld inside <paramref name="env"/> (below any wrappers), or null.</summary>
    public static GridWorld? GridOf(IEnv env) => (env is Wrapper w ? w.Unwrapped : env) as GridWorld;
}
