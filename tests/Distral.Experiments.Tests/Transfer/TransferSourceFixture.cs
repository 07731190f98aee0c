namespace Distral.Experiments.Tests;

/// <summary>Tiny finished source runs the transfer tests start from: Distral 2col, soft Q alone and a policy-distillation student.</summary>
public sealed class TransferSourceFixture
{
    public TransferSourceFixture()
    {
        Distral = TransferTestSupport.TrainSource("distral-2col-sql", "source-distral", "batch_size: 8\nmin_replay: 8");
        SoftQ = TransferTestSupport.TrainSource("sql-independent", "source-sql", "batch_size: 8\nmin_replay: 8");
        Student = TransferTestSupport.TrainSource("policy-distillation", "source-student", $"""
            batch_size: 8
            min_replay: 8
            teachers: "{TransferTestSupport.Escape(SoftQ)}"
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
}
