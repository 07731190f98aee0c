using System.Xml;
using System.Xml.Linq;

namespace Distral.Experiments.Tests.Reports;

/// <summary>What a reader of report.html relies on: explanations, marked failures, colours that match, readable labels.</summary>
public class ReportReadabilityTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static string RunScripted(string directory, string[] overrides, bool distilled)
    {
        ExperimentRunner.Run(new RunRequest
        {
            Config = ConfigLoader.ApplyOverrides(RunConfig.Default, overrides),
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
    public void GreedyCellMarksTheStepLimitInRedAndTheShortestPathInGreen()
    {
        Assert.Equal("<td class=\"bad\">40 <span class=\"why\">(step limit: goal not reached)</span></td>", HtmlReport.GreedyCell([(40, 40)], 13, "F0"));
        Assert.Equal("<td class=\"good\">13 &#10003;</td>", HtmlReport.GreedyCell([(13, 40)], 13, "F0"));
        Assert.Equal("<td>15</td>", HtmlReport.GreedyCell([(15, 40)], 13, "F0"));
        // Several seeds: the cell says how many failed; a mix of optimal and not is neither green nor red.
        Assert.Contains("1 of 2 seeds hit the step limit", HtmlReport.GreedyCell([(13, 40), (40, 40)], 13, "F1"));
        Assert.Equal("<td>14.0 ± 1.4</td>", HtmlReport.GreedyCell([(13, 40), (15, 40)], 13, "F1"));
        // Without a known limit or shortest path nothing is claimed.
        Assert.Equal("<td>1000</td>", HtmlReport.GreedyCell([(1000, null)], null, "F0"));
        Assert.Equal("<td>-</td>", HtmlReport.GreedyCell([], 13, "F0"));
    }

    [Fact]
    public void AtAGlanceNamesTheBestFinalReturnAndTheFastestLearner()
    {
        HtmlReportGuide.GroupFacts A(string label, double final, double auc) => new(label, "#000000", "sql-independent", null, final, auc);
        Assert.Null(HtmlReportGuide.AtAGlance([A("only", -1, -100)]));
        string same = HtmlReportGuide.AtAGlance([A("slow", -10.47, -6179), A("distral", -5.08, -3548)])!;
        Assert.StartsWith("the highest final return is distral's (-5.08, against -10.47 for slow)", same);
        Assert.Contains("it also has the largest area under the curve", same);
        string split = HtmlReportGuide.AtAGlance([A("fast", -3, -100), A("late", -1, -500), A("nan", double.NaN, double.NaN)])!;
        Assert.StartsWith("the highest final return is late's (-1, against -3 for fast)", split);
        Assert.EndsWith("the largest area under the curve (fastest learning) is fast's.", split);
        Assert.Equal("1 run", HtmlReportGuide.Count(1, "run"));
        Assert.Equal("0 tasks", HtmlReportGuide.Count(0, "task"));
    }

    [Fact]
    public void ReferenceLabelIsDrawnOverTheCurvesWithAHalo()
    {
        var chart = new SvgLineChart
        {
            Series = [new ChartSeries("s", [1, 2, 3], [0, 1, 1])],
            ReferenceLines = [(1, "optimal 1")],
        };
        var elements = XDocument.Parse(chart.ToSvg()).Root!.Elements().ToList();
        int line = elements.FindIndex(e => e.Name == Svg + "polyline");
        int label = elements.FindIndex(e => e.Name == Svg + "text" && e.Value == "optimal 1");
        int dashed = elements.FindIndex(e => (string?)e.Attribute("class") == "reference");
        Assert.True(dashed < line && line < label, $"dashed line {dashed}, curve {line}, label {label}");
        Assert.Equal("stroke", (string?)elements[label].Attribute("paint-order"));
        Assert.Equal("#ffffff", (string?)elements[label].Attribute("stroke"));
    }

    [Fact]
    public void RankChartDotsTakeTheColourOfTheirGroup()
    {
        // "a" sorts first, so without the map it would take the palette's first colour.
        var chart = SvgRankChart.Build("t", "y", [("b", "r1", 1.0), ("a", "r2", 2.0)], new Dictionary<string, string> { ["a"] = "#123456" });
        Assert.Equal("#123456", chart.Series.Single(s => s.Name == "a").Color);
        Assert.Null(chart.Series.Single(s => s.Name == "b").Color);
        var circles = XDocument.Parse(chart.ToSvg()).Descendants(Svg + "circle").Select(c => (string)c.Attribute("fill")!).ToList();
        Assert.Contains("#123456", circles);
        Assert.Contains(SvgLineChart.Palette[1], circles);
    }

    [Fact]
    public void SingleRunReportExplainsDistralAndMarksFailedGreedyEpisodes()
    {
        string dir = RunScripted(Path.Combine(TestPaths.NewTempDirectory(), "run"),
            ["tasks=plan4,plan6", "episodes=6", "max_episode_steps=30", "algorithm=distral-2col-sql", "checkpoints=false"], distilled: true);
        string path = Path.Combine(dir, HtmlReport.FileName);
        string html = File.ReadAllText(path);
        ParseHtml(path);
        Assert.Contains("How to read this report.", html);
        Assert.Contains("In this report, \"distilled\" always means pi_0.", html);
        Assert.Contains(AlgorithmCatalog.Get("distral-2col-sql").Description.Replace("'", "&#39;", StringComparison.Ordinal), html);
        Assert.Contains("1 run of 1 configuration on 2 tasks", html);
        // One run: no rank chart in the page (its file is still written) and no text describing dots.
        Assert.Contains("Each configuration has a single run here", html);
        Assert.DoesNotContain("Each dot is one run", html);
        Assert.DoesNotContain("Final return of every run, sorted", html);
        Assert.True(File.Exists(Path.Combine(dir, "report-final-returns.svg")));
        // The scripted agent always moves up: its greedy episodes run into the 30-step limit on both tasks.
        Assert.Contains("30 <span class=\"why\">(step limit: goal not reached)</span>", html);
        Assert.Contains("<th>shortest path (steps)</th>", html);
        Assert.Contains("A dashed line marks the optimal return", html);
    }

    [Fact]
    public void ConfigurationsDifferingInManyKeysGetShortLabelsAndTheKeysGoToTheGuide()
    {
        string root = TestPaths.NewTempDirectory();
        string[] common = ["tasks=plan4", "episodes=4", "max_episode_steps=30", "checkpoints=false", "algorithm=sql-independent"];
        var dirs = new[]
        {
            RunScripted(Path.Combine(root, "x"), [.. common, "lr_task=0.01", "gamma=0.99", "batch_size=64", "epsilon_end=0.02"], distilled: false),
            RunScripted(Path.Combine(root, "y"), [.. common, "lr_task=0.002", "gamma=0.95", "batch_size=32", "epsilon_end=0.03"], distilled: false),
        };
        string output = Path.Combine(root, "r.html");
        HtmlReport.Write(dirs, output, new HtmlReportOptions { PolicyPictures = _ => ([], null) });
        string html = File.ReadAllText(output);
        var legend = XDocument.Parse(File.ReadAllText(Path.Combine(root, "report-return-mean.svg"))).Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("sql-independent #1", legend);
        Assert.Contains("sql-independent #2", legend);
        Assert.All(legend, text => Assert.True(text.Length <= HtmlReport.MaxLabelLength, text));
        Assert.Contains("<b>sql-independent #1</b> (gamma=0.99, batch_size=64, lr_task=0.01, epsilon_end=0.02)", html);
    }

    [Fact]
    public void ARunWrittenBeforeAKeyExistedGroupsWithNewerRunsAtThatKeysDefault()
    {
        string root = TestPaths.NewTempDirectory();
        string[] common = ["tasks=plan4", "episodes=4", "max_episode_steps=30", "checkpoints=false", "algorithm=sql-independent"];
        string old = RunScripted(Path.Combine(root, "old"), [.. common, "seed=1"], distilled: false);
        string current = RunScripted(Path.Combine(root, "new"), [.. common, "seed=2"], distilled: false);
        // As if config.yaml had been written by a version without the 'gamma' key (left at its default here).
        string configPath = Path.Combine(old, "config.yaml");
        var lines = File.ReadAllLines(configPath);
        Assert.Contains(lines, l => l.StartsWith("gamma:", StringComparison.Ordinal));
        File.WriteAllLines(configPath, lines.Where(l => !l.StartsWith("gamma:", StringComparison.Ordinal)));
        HtmlReport.Write([old, current], Path.Combine(root, "r.html"), new HtmlReportOptions { PolicyPictures = _ => ([], null) });
        var legend = XDocument.Parse(File.ReadAllText(Path.Combine(root, "report-return-mean.svg"))).Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("sql-independent (2 seeds)", legend);
    }

    [Fact]
    public void ComparisonReportHasAGlanceLineAndTheBestAucInBold()
    {
        string root = TestPaths.NewTempDirectory();
        string[] common = ["tasks=plan4,plan6", "episodes=6", "max_episode_steps=30", "checkpoints=false"];
        var dirs = new[]
        {
            RunScripted(Path.Combine(root, "a"), [.. common, "algorithm=sql-independent"], distilled: false),
            RunScripted(Path.Combine(root, "b"), [.. common, "algorithm=distral-2col-sql"], distilled: true),
        };
        string output = Path.Combine(root, "r.html");
        HtmlReport.Write(dirs, output, new HtmlReportOptions { PolicyPictures = _ => ([], null) });
        var doc = ParseHtml(output);
        string html = File.ReadAllText(output);
        Assert.Contains("At a glance:", html);
        Assert.Contains("The best configuration of each task is in bold.", html);
        // The scripted agents behave the same, so both tie for best and both are bold: one bold AUC per task per group.
        var boldCells = doc.Descendants("td").Where(td => td.Element("b") is not null && td.Value.Contains('.', StringComparison.Ordinal)).ToList();
        Assert.Equal(2 * 3 * 2, boldCells.Count);
    }
}
