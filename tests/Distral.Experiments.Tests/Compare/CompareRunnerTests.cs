using System.Text.Json;

namespace Distral.Experiments.Tests.Compare;

public class CompareRunnerTests
{
    private static RunConfig Tiny(string algorithm) =>
        RunConfig.Default.With("algorithm", algorithm).With("tasks", new[] { "plan6" }).With("episodes", 5L).With("max_episode_steps", 20L);

    [Theory]
    [InlineData("1..3", new ulong[] { 1, 2, 3 })]
    [InlineData("7", new ulong[] { 7 })]
    [InlineData("4, 2,9", new ulong[] { 4, 2, 9 })]
    public void SeedsParse(string text, ulong[] expected) => Assert.Equal(expected, CompareRunner.ParseSeeds(text, "--seeds"));

    [Theory]
    [InlineData("3..1")]
    [InlineData("1,1")]
    [InlineData("a")]
    [InlineData("-1")]
    [InlineData("")]
    public void BadSeedsAreConfigErrors(string text) => Assert.Throws<ConfigException>(() => CompareRunner.ParseSeeds(text, "--seeds"));

    [Fact]
    public void EveryConfigTimesSeedRunsAndTheAucIsTheSumOfReturns()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "cmp");
        var progress = new StringWriter();
        var result = CompareRunner.Run(new CompareRequest
        {
            Entries = [new CompareEntry("a", Tiny("sql-independent"), "a.yaml"), new CompareEntry("b", Tiny("distral-2col-sql").With("beta", 7.0), "b.yaml")],
            Seeds = [1, 2],
            OutputDirectory = dir,
            Jobs = 3,
            Progress = progress,
            AgentFactory = (envs, config, seed) => new ScriptedAgent(envs.Count, distilled: false),
        });
        Assert.Equal(["a", "a", "b", "b"], result.Runs.Select(r => r.Name));
        Assert.Equal([1UL, 2UL, 1UL, 2UL], result.Runs.Select(r => r.Seed));
        // ScriptedAgent: episode k of task 0 lasts 10 + k steps with return -(10 + k)/10.
        double auc = -Enumerable.Range(0, 5).Sum(k => (10 + k) / 10.0);
        Assert.All(result.Runs, r => Assert.Equal(auc, r.Auc, 9));
        Assert.Equal(auc, result.Rows[1].Auc, 9);
        Assert.Equal(0, result.Rows[1].AucSd, 9);
        Assert.Equal(2, result.Rows[0].Seeds);
        Assert.Equal(Path.Combine(dir, "b-2"), result.Runs[3].Directory);
        Assert.True(File.Exists(result.ReportPath));
        using var doc = JsonDocument.Parse(File.ReadAllText(result.JsonPath));
        Assert.Equal("b-2", doc.RootElement.GetProperty("runs")[3].GetProperty("directory").GetString());
        // Every progress line names its run, whole lines only.
        var lines = progress.ToString().TrimEnd().Split('\n');
        Assert.All(lines, l => Assert.Matches(@"^\[(a|b)-(1|2)\] ", l));
    }

    [Fact]
    public void InvalidEntriesAreRefusedBeforeAnyRun()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "cmp");
        CompareRequest Request(params CompareEntry[] entries) => new() { Entries = entries, Seeds = [1], OutputDirectory = dir };
        Assert.Contains("both named 'a'", Assert.Throws<ConfigException>(() => CompareRunner.Run(Request(new CompareEntry("a", Tiny("sql-independent"), "x"), new CompareEntry("a", Tiny("sql-independent"), "y")))).Message);
        Assert.Contains("plan99", Assert.Throws<ConfigException>(() => CompareRunner.Run(Request(new CompareEntry("a", Tiny("sql-independent").With("tasks", new[] { "plan99" }), "x")))).Message);
        Assert.Contains("--jobs 0", Assert.Throws<ConfigException>(() => CompareRunner.Run(Request(new CompareEntry("a", Tiny("sql-independent"), "x")) with { Jobs = 0 })).Message);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void LinePrefixWriterPassesWholePrefixedLines()
    {
        var inner = new StringWriter { NewLine = "\n" };
        var w = new LinePrefixWriter(inner, "[x] ") { NewLine = "\n" };
        w.Write("ab");
        w.Write('c');
        Assert.Equal("", inner.ToString());
        w.WriteLine("d");
        w.WriteLine("e\r");
        Assert.Equal("[x] abcd\n[x] e\n", inner.ToString());
    }
}
