using System.Text.Json;
using Distral.Cli;
using Distral.Tensors.Kernels;

namespace Distral.Cli.Tests;

[Collection(SgemmThreadsCollection.Name)]
public class BenchCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    [Fact]
    public void JsonReportsTheWorkOfTheTimedRounds()
    {
        var (code, output, err) = Run("bench", "--json", "--rounds", "4", "--no-kernels");
        Assert.True(code == CommandLine.Ok, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(4, root.GetProperty("rounds").GetInt32());
        Assert.Equal(5, root.GetProperty("tasks").GetInt32());
        Assert.Equal(128, root.GetProperty("batch").GetInt32());
        Assert.Equal(20, root.GetProperty("env_steps").GetInt64());        // one step per task per round
        Assert.Equal(20, root.GetProperty("task_updates").GetInt64());     // the replays hold a batch after the warm-up
        Assert.Equal(4, root.GetProperty("distill_updates").GetInt64());   // one per round
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        Assert.True(root.GetProperty("steps_per_second").GetDouble() > 0);
        // The steady-state rounds allocate nothing on the agent's threads (a per-thread figure: parallel tests cannot disturb it).
        Assert.Equal(0.0, root.GetProperty("allocated_bytes_per_round").GetDouble());
        Assert.False(root.TryGetProperty("kernels", out _));
    }

    [Fact]
    public void KernelFiguresArePresentAndPlausible()
    {
        var (code, output, err) = Run("bench", "--json", "--rounds", "1");
        Assert.True(code == CommandLine.Ok, err);
        using var doc = JsonDocument.Parse(output);
        var kernels = doc.RootElement.GetProperty("kernels");
        double peak = kernels.GetProperty("peak_gflops").GetDouble();
        Assert.True(peak > 0);
        var gemm = kernels.GetProperty("gemm").EnumerateArray().ToList();
        Assert.Equal(4, gemm.Count);
        Assert.Equal(new[] { 128, 128, 256, 512 }, gemm.Select(g => g.GetProperty("m").GetInt32()));
        foreach (var g in gemm)
        {
            double gflops = g.GetProperty("gflops").GetDouble();
            Assert.InRange(gflops, 1e-3, 2.5 * peak); // two threads at most can exceed one core's peak
            Assert.Equal(gflops / peak, g.GetProperty("share_of_peak").GetDouble(), 0.01); // both sides are rounded: a tolerance, not "equal at 2 decimals" (fails at a rounding boundary)
        }
        Assert.True(kernels.GetProperty("mlp").GetProperty("microseconds_per_batch").GetDouble() > 0);
    }

    [Fact]
    public void TwoThreadsAreAcceptedAndRestored()
    {
        int before = Sgemm.MaxThreads;
        var (code, output, err) = Run("bench", "--json", "--rounds", "2", "--no-kernels", "--threads", "2");
        Assert.True(code == CommandLine.Ok, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(2, doc.RootElement.GetProperty("threads").GetInt32());
        Assert.Equal(before, Sgemm.MaxThreads);
    }

    [Fact]
    public void TextOutputNamesTheFigures()
    {
        var (code, output, err) = Run("bench", "--rounds", "2", "--no-kernels");
        Assert.True(code == CommandLine.Ok, err);
        Assert.Contains("env steps/s", output);
        Assert.Contains("soft-Q updates       10", output);
        Assert.Contains("allocated per round", output);
    }

    [Theory]
    [InlineData("--rounds", "0")]
    [InlineData("--rounds", "abc")]
    [InlineData("--rounds")]
    [InlineData("--threads", "3")]
    [InlineData("--warmup", "10")]
    [InlineData("--seed", "-1")]
    [InlineData("--frobnicate")]
    public void BadArgumentsAreOneLineUserErrors(params string[] options)
    {
        var (code, output, err) = Run(["bench", .. options]);
        Assert.Equal(CommandLine.UserError, code);
        Assert.Equal("", output);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.StartsWith("distral: bench:", err);
    }

    [Fact]
    public void ScalingJsonHasARowPerConfiguration()
    {
        // Small rows keep the test fast (batch 512 needs a 512-round warm-up); the verb itself uses 1, 2, 5, 10 and 32..512.
        var stdout = new StringWriter();
        int code = BenchCommand.Run(["--scaling", "--json", "--rounds", "1"], stdout, [1, 2, 10], [32, 64]);
        Assert.Equal(CommandLine.Ok, code);
        string output = stdout.ToString();
        using var doc = JsonDocument.Parse(output);
        var byTasks = doc.RootElement.GetProperty("by_tasks").EnumerateArray().ToList();
        var byBatch = doc.RootElement.GetProperty("by_batch").EnumerateArray().ToList();
        Assert.Equal(new[] { 1, 2, 10 }, byTasks.Select(r => r.GetProperty("tasks").GetInt32()));
        Assert.Equal(new[] { 32, 64 }, byBatch.Select(r => r.GetProperty("batch").GetInt32()));
        foreach (var r in byTasks.Concat(byBatch))
        {
            Assert.Equal(r.GetProperty("tasks").GetInt64(), r.GetProperty("env_steps").GetInt64());
            Assert.Equal(r.GetProperty("tasks").GetInt64(), r.GetProperty("task_updates").GetInt64());
            Assert.True(r.GetProperty("microseconds_per_round").GetDouble() > 0);
        }
    }

    [Fact]
    public void DistillJsonPutsTheStudentsNextToTheSoftQRateOfTheSameRun()
    {
        var (code, output, err) = Run("bench", "--json", "--rounds", "3", "--no-kernels", "--distill");
        Assert.True(code == CommandLine.Ok, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(15, root.GetProperty("task_updates").GetInt64()); // the soft-Q schedule is measured as without --distill
        var distillation = root.GetProperty("distillation");
        // `seconds` is written to 6 decimals, so the rate derived from it is known to 0.5e-6 / seconds relative.
        double seconds = root.GetProperty("seconds").GetDouble(), rate = root.GetProperty("task_updates").GetDouble() / seconds;
        Assert.Equal(rate, distillation.GetProperty("softq_task_updates_per_second").GetDouble(), rate * 0.5e-6 / seconds + 0.001);
        Assert.Contains("freshly initialised", distillation.GetProperty("teachers").GetString(), StringComparison.Ordinal);
        var students = distillation.GetProperty("students").EnumerateArray().ToList();
        Assert.Equal(["policy-distillation-nll", "policy-distillation-mse", "policy-distillation-kl", "actor-mimic", "policy-distillation-kl-1of15"],
            students.Select(s => s.GetProperty("name").GetString()));
        foreach (var s in students)
        {
            Assert.Equal(3, s.GetProperty("updates").GetInt64());
            Assert.Equal((5, 64), (s.GetProperty("student_tasks").GetInt32(), s.GetProperty("states_per_task").GetInt32()));
            Assert.True(s.GetProperty("updates_per_second").GetDouble() > 0);
            Assert.Equal(0.0, s.GetProperty("allocated_bytes_per_update").GetDouble());
            Assert.Equal(85_460, s.GetProperty("teacher_parameters").GetInt32());
        }
        Assert.Equal([18_132, 18_132, 18_132, 18_132, 5_592], students.Select(s => s.GetProperty("student_parameters").GetInt32()));
        Assert.True(students[3].GetProperty("feature_regression").GetBoolean());
        Assert.False(root.TryGetProperty("kernels", out _));
    }

    [Fact]
    public void DistillTextNamesTheStudentsAndWithoutTheFlagThereIsNoSection()
    {
        var (code, output, err) = Run("bench", "--rounds", "2", "--no-kernels", "--distill");
        Assert.True(code == CommandLine.Ok, err);
        Assert.Contains("Distillation students, plans 4-8, 64 states per task per update, 2 timed updates each", output);
        Assert.Contains("actor-mimic", output);
        Assert.Contains("task updates/s", output);
        var plain = Run("bench", "--json", "--rounds", "2", "--no-kernels");
        Assert.DoesNotContain("distillation", plain.Out, StringComparison.Ordinal);
        var both = Run("bench", "--scaling", "--distill", "--rounds", "1");
        Assert.Equal(CommandLine.UserError, both.Code);
        Assert.StartsWith("distral: bench: --distill goes with the thesis schedule", both.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpListsTheOptions()
    {
        var (code, output, _) = Run("bench", "--help");
        Assert.Equal(CommandLine.Ok, code);
        Assert.Contains("--scaling", output);
        Assert.Contains("(1, 2, 5, 10)", output);
        Assert.Contains("(32..512)", output);
        Assert.Contains("--threads 1|2", output);
        Assert.Contains("--distill", output);
        Assert.Contains("bench", Run("--help").Out);
    }
}
