using Distral.Envs;

namespace Distral.Envs.Tests;

public class GridMapParseTests
{
    [Fact]
    public void DigitAndCharFormatsRoundTrip()
    {
        var plan3 = ThesisPlans.Map(3);
        var fromChars = GridMap.Parse(plan3.ToCharText(), "chars");
        var fromDigits = GridMap.Parse(plan3.ToDigitText(), "digits");
        Assert.Equal(plan3.ToDigitText(), fromChars.ToDigitText());
        Assert.Equal(plan3.ToCharText(), fromDigits.ToCharText());
        Assert.Equal(ThesisPlans.Text(3).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n", plan3.ToDigitText());
    }

    [Fact]
    public void BlankLinesAroundAndCommentsAreIgnored()
    {
        var map = GridMap.Parse("\n// a comment\n#####\n#S.G#\n#####\n\n");
        Assert.Equal((3, 5), (map.Rows, map.Cols));
        Assert.Equal(2, map.ShortestPathFromStart);
    }

    [Theory]
    [InlineData("1 1 1\n1 4 0 3\n1 1 1", "m.txt:2:7: ragged row")]
    [InlineData("1 1 1\n1 4\n1 1 1", "m.txt:2:4: ragged row")]
    [InlineData("###\n#S.G#", "m.txt:2:4: ragged row")]
    [InlineData("1 1 1 1\n1 4 7 3\n1 1 1 1", "m.txt:2:5: unknown symbol '7'")]
    [InlineData("####\n#SxG\n####", "m.txt:2:3: unknown symbol 'x'")]
    [InlineData("####\n#..G\n####", "m.txt:1:1: no start")]
    [InlineData("####\n#S..\n####", "m.txt:1:1: no goal")]
    [InlineData("#####\n#SSG#\n#####", "m.txt:2:3: several starts")]
    [InlineData("1 1 1 1 1\n1 4 3 3 1\n1 1 1 1 1", "m.txt:2:7: several goals")]
    [InlineData("#####\n#S#G#\n#####", "m.txt:2:4: the goal cannot be reached")]
    [InlineData("###\n\n#SG", "m.txt:2:1: empty line")]
    [InlineData("\n\n", "m.txt:1:1: the map is empty")]
    public void MapErrorsNameFileLineAndColumn(string text, string expectedStart)
    {
        var e = Assert.Throws<EnvException>(() => GridMap.Parse(text, "m.txt"));
        Assert.StartsWith(expectedStart, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void LoadReadsAFileAndReportsMissingFiles()
    {
        string dir = Path.Combine(Path.GetTempPath(), "distral-envs-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "map.txt");
            File.WriteAllText(path, ThesisPlans.Text(4));
            Assert.Equal(13, GridMap.Load(path).ShortestPathFromStart);
            File.WriteAllText(path, "1 1\n1 4 3");
            var e = Assert.Throws<EnvException>(() => GridMap.Load(path));
            Assert.StartsWith(path + ":2:", e.Message, StringComparison.Ordinal);
            var missing = Assert.Throws<EnvException>(() => GridMap.Load(Path.Combine(dir, "nope.txt")));
            Assert.Contains("nope.txt", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
