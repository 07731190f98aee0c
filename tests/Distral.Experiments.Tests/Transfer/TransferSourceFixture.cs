namespace Distral.Experiments.Tests;

/// <summary>Tiny finished source runs the transfer tests start from: Distral 2col, soft Q alone and a policy-distillation student.</summary>
public sealed class TransferSourceFixture
{
    public TransferSourceFixture()
    {
        Distral = Train("distral-2col-sql", "source-distral", "");
        SoftQ = Train("sql-independent", "source-sql", "");
        Student = Train("policy-distillation", "source-student", $"""
            teachers: "{Escape(SoftQ)}"
            student_hidden: [8, 8]
            distill_batch: 8
            distill_min_replay: 8
            """);
    }

    /// <summary>A finished distral-2col-sql run on plan5 and plan6, hidden [8, 8].</summary>
    public string Distral { get; }

    /// <summary>A finished sql-independent run on the same tasks.</summary>
    public string SoftQ { get; }

    /// <summary>A policy-distillation student (trunk 8-8) of <see cref="SoftQ"/>.</summary>
    public string Student { get; }

    /// <summary>A path as a YAML double-quoted string's content.</summary>
    public static string Escape(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);

    private static string Train(string algorithm, string name, string extra)
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
                batch_size: 8
                min_replay: 8
                progress_every: 0
                {extra}
                """, name + ".yaml"),
            OutputDirectory = dir,
        });
        return dir;
    }
}
