using System.Diagnostics;
using System.Globalization;
using System.Text;
using Distral.Envs;

namespace Distral.Agents.SoftQ;

/// <summary>A small harness for the thesis gridworld comparison (plans, N episodes, mean durations); not used by tests.</summary>
internal static class SoftQDemo
{
    /// <summary>Trains on the given plans and returns a one-line-per-task report of mean episode durations.</summary>
    public static string Run(SoftQOptions options, int[] plans, int episodes, ulong seed, int maxSteps = 1000, int lastWindow = 50)
    {
        var envs = plans.Select(k => (IEnv)new TimeLimit(TaskRegistry.Default.Make($"plan{k}", k), maxSteps)).ToArray();
        var agent = new SoftQDistral(envs, options, seed);
        var recorder = new Recorder(plans.Length);
        var sw = Stopwatch.StartNew();
        agent.Train(episodes, recorder, CancellationToken.None);
        double seconds = sw.Elapsed.TotalSeconds;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{options.Architecture} seed {seed}: {agent.EnvSteps} env steps in {seconds:F1} s ({agent.EnvSteps / seconds:F0} steps/s)");
        for (int i = 0; i < plans.Length; i++)
        {
            var d = recorder.Durations[i].Take(episodes).ToArray();
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"  plan{plans[i]}: last-{lastWindow} {d.TakeLast(lastWindow).Average():F1}  all-{d.Length} {d.Average():F1}");
        }
        return sb.ToString();
    }

    private sealed class Recorder(int tasks) : ITrainingObserver
    {
        public List<int>[] Durations { get; } = Enumerable.Range(0, tasks).Select(_ => new List<int>()).ToArray();
        public void OnEpisode(in EpisodeRecord episode) => Durations[episode.Task].Add(episode.Steps);
        public void OnScalar(string tag, double value, long step) { }
    }
}
