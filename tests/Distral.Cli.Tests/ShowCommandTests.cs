using Distral.Cli;
using Distral.Envs;

namespace Distral.Cli.Tests;

public class ShowCommandTests
{
    [Fact]
    public void ArrowsCoverTheMapWithWallsAndGoalInPlace()
    {
        var r = Cli.Run("show", TrainedRuns.Distral);
        Assert.True(r.Code == CommandLine.Ok, r.Err);
        var lines = r.Out.TrimEnd().Split('\n');
        Assert.Contains("task 0's policy (plan6) on plan6", lines[0]);
        var map = ThesisPlans.Map(6);
        var expected = GridRenderer.Ascii(map).Split('\n');
        Assert.True(lines.Length >= 1 + map.Rows + 1);
        for (int row = 0; row < map.Rows; row++)
        {
            string line = lines[1 + row];
            Assert.Equal(map.Cols, line.Length);
            for (int col = 0; col < map.Cols; col++)
            {
                char want = expected[row][col];
                if (want is '#' or 'G') Assert.Equal(want, line[col]);
                else Assert.Contains(line[col], "^v<>");
            }
        }
        Assert.Contains("^ up, v down", r.Out);
    }

    [Fact]
    public void Pi0OnANewTaskAndAnSvgFile()
    {
        string svg = Path.Combine(TrainedRuns.TempDir(), "pi0.svg");
        var r = Cli.Run("show", TrainedRuns.Distral, "--policy", "distilled", "--task", "plan4", "--svg", svg);
        Assert.True(r.Code == CommandLine.Ok, r.Err);
        Assert.Contains("distilled policy pi_0 on plan4", r.Out);
        Assert.StartsWith("<svg", File.ReadAllText(svg).TrimStart());
        Assert.Contains($"wrote {svg}", r.Out);
    }

    [Fact]
    public void CorridorPrintsEveryCellBothDirectionsAndTheAverages()
    {
        var r = Cli.Run("show", TrainedRuns.Distral, "--corridor");
        Assert.True(r.Code == CommandLine.Ok, r.Err);
        var lines = r.Out.TrimEnd().Split('\n');
        // Title, header, 4 cells x 2 directions, the averages.
        Assert.Equal(1 + 1 + 8 + 1, lines.Length);
        Assert.StartsWith("cell", lines[1]);
        Assert.Equal(4, lines.Count(l => l.Contains(" left ", StringComparison.Ordinal) && l.StartsWith("(4,", StringComparison.Ordinal)));
        foreach (string row in lines[2..10])
        {
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            double sum = cells[2..6].Sum(c => double.Parse(c, System.Globalization.CultureInfo.InvariantCulture));
            Assert.InRange(sum, 0.99, 1.01);
        }
        Assert.Contains("average over the cells and both directions: P(continue)", lines[^1]);
    }

    [Fact]
    public void UserErrorsAreOneLineExitTwo()
    {
        EvalCommandTests.AssertOneLineUserError(Cli.Run("show"), "no run directory given");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("show", TrainedRuns.Distral, "--arrows"), "unknown option '--arrows'");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("show", TrainedRuns.Distral, "--policy", "task3"), "task policies");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("show", TrainedRuns.NoPi0, "--corridor"), "no distilled policy");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("show", TrainedRuns.Distral, "--task", "cartpole"), "cartpole");
        EvalCommandTests.AssertOneLineUserError(Cli.Run("show", TrainedRuns.Distral, "--svg", Path.Combine(TrainedRuns.TempDir(), "no", "such", "dir", "x.svg")), "--svg");
    }
}
