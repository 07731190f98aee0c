using System.Xml;
using System.Xml.Linq;

namespace Distral.Experiments.Tests;

public class HtmlReportTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static string RunScripted(string directory, string[] overrides, bool distilled)
    {
        var config = ConfigLoader.ApplyOverrides(RunConfig.Default, overrides);
        ExperimentRunner.Run(new RunRequest
        {
            Config = config,
            OutputDirectory = directory,
            AgentFactory = (envs, _, _) => new ScriptedAgent(envs.Count, distilled),
        });
        return directory;
    }

    private static XDocument ParseHtml(string path)
    {
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    [Fact]
    public void RunnerWritesASelfContainedReportWithChartsAndPolicyPictures()
    {
        string dir = RunScripted(Path.Combine(TestPaths.NewTempDirectory(), "run"), ["tasks=plan4,plan6", "episodes=20", "max_episode_steps=40", "algorithm=distral-1col-sql"], distilled: true);
        string html = File.ReadAllText(Path.Combine(dir, HtmlReport.FileName));
        var doc = ParseHtml(Path.Combine(dir, HtmlReport.FileName));
        Assert.True(File.Exists(Path.Combine(dir, RunDirectory.MachineFileName)));
        foreach (string name in new[] { "report-return-mean.svg", "report-length-mean.svg", "report-return-plan4.svg", "report-return-plan6.svg", "report-final-returns.svg" })
            XDocument.Parse(File.ReadAllText(Path.Combine(dir, name)));
        // Self-contained: no scripts, stylesheets or images fetched from anywhere; links only to anchors.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(doc.Descendants().Attributes("href"), a => Assert.StartsWith("#", a.Value));
        Assert.Empty(doc.Descendants().Attributes("src"));
        Assert.Contains("trailing moving average over 2 episode(s)", html);
        Assert.Contains("Return on plan4", html);
        Assert.Contains("optimal", html);
        // The scripted pi_0 has probabilities (0.1, 0.1, 0.4, 0.4); drawn on plan4 plus a greedy picture per task.
        Assert.Contains("distilled policy pi_0 on plan4", html);
        Assert.Contains("task policy of plan6: greedy action", html);
        Assert.True(File.Exists(Path.Combine(dir, "report-policy-1-3.svg")));
        var markerIds = doc.Descendants(Svg + "marker").Select(m => (string)m.Attribute("id")!).ToList();
        Assert.Equal(markerIds.Count, markerIds.Distinct().Count());
        Assert.Contains(Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture), doc.Descendants("td").Select(t => t.Value));
    }

    [Fact]
    public void SeedsOfOneConfigShareAGroupWithABandAndConfigsAreSeparated()
    {
        string root = TestPaths.NewTempDirectory();
        string[] common = ["tasks=plan4,plan6", "episodes=12", "max_episode_steps=40", "checkpoints=false"];
        var dirs = new[]
        {
            RunScripted(Path.Combine(root, "a1"), [.. common, "algorithm=sql-independent", "seed=1"], distilled: false),
            RunScripted(Path.Combine(root, "a2"), [.. common, "algorithm=sql-independent", "seed=2"], distilled: false),
            RunScripted(Path.Combine(root, "b1"), [.. common, "algorithm=distral-2col-sql", "seed=1"], distilled: true),
        };
        string output = Path.Combine(root, "out", "combined.html");
        var written = HtmlReport.Write(dirs, output, new HtmlReportOptions { Title = "Compare <runs>", PolicyPictures = _ => ([], "skipped in this test") });
        Assert.Equal(output, written[^1]);
        var doc = ParseHtml(output);
        Assert.Equal("Compare <runs>", doc.Descendants("title").Single().Value);
        var mean = XDocument.Parse(File.ReadAllText(Path.Combine(root, "out", "report-return-mean.svg")));
        // Two seeds of sql-independent give a band; the single distral run does not.
        Assert.Single(mean.Descendants(Svg + "polygon"));
        Assert.Equal(2, mean.Descendants(Svg + "polyline").Count());
        var legend = mean.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("sql-independent (2 seeds)", legend);
        Assert.Contains("distral-2col-sql", legend);
        var rank = XDocument.Parse(File.ReadAllText(Path.Combine(root, "out", "report-final-returns.svg")));
        Assert.Equal(3, rank.Descendants(Svg + "circle").Count());
        string html = File.ReadAllText(output);
        Assert.Contains("skipped in this test", html);
        Assert.Contains(">a1<", html);
        Assert.Contains(">b1<", html);
    }

    [Fact]
    public void SameAlgorithmGroupsAreLabelledByTheKeysThatDiffer()
    {
        string root = TestPaths.NewTempDirectory();
        string[] common = ["tasks=plan4", "episodes=5", "max_episode_steps=40", "checkpoints=false", "algorithm=sql-independent"];
        var dirs = new[]
        {
            RunScripted(Path.Combine(root, "x"), [.. common, "lr_task=0.01"], distilled: false),
            RunScripted(Path.Combine(root, "y"), [.. common, "lr_task=0.002"], distilled: false),
        };
        string output = Path.Combine(root, "r.html");
        HtmlReport.Write(dirs, output, new HtmlReportOptions { PolicyPictures = _ => ([], null) });
        string html = File.ReadAllText(output);
        Assert.Contains("sql-independent (lr_task=0.01)", html);
        Assert.Contains("sql-independent (lr_task=0.002)", html);
    }

    [Fact]
    public void ReportFromDiskSaysWhyCheckpointsCannotBeLoaded()
    {
        // The scripted agent's checkpoint (one 3x4 linear layer) does not fit the real algorithm's networks.
        string dir = RunScripted(Path.Combine(TestPaths.NewTempDirectory(), "run"), ["tasks=plan4", "episodes=4", "max_episode_steps=40"], distilled: false);
        HtmlReport.Write([dir], Path.Combine(dir, "again.html"));
        string html = File.ReadAllText(Path.Combine(dir, "again.html"));
        Assert.Contains("No policy pictures: the checkpoint", html);
        Assert.Contains("distilled.safetensors is missing", html);
        ParseHtml(Path.Combine(dir, "again.html"));
    }

    [Fact]
    public void MissingSummaryIsAUserError()
    {
        string dir = TestPaths.NewTempDirectory();
        var e = Assert.Throws<ConfigException>(() => HtmlReport.Write([dir], Path.Combine(dir, "r.html")));
        Assert.Contains(dir, e.Message);
    }

    [Fact]
    public void CsvSplitterHonoursQuotes()
    {
        Assert.Equal(["a,b", "1", "say \"hi\"", ""], HtmlReportRun.SplitCsv("\"a,b\",1,\"say \"\"hi\"\"\","));
        Assert.Equal("maps_my_map_1", HtmlReport.Slug("maps/my map:1"));
    }
}
