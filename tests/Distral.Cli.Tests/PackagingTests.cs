using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Distral.Cli.Tests;

/// <summary>
/// Package metadata checked without running dotnet pack (slow; scripts/pack.sh does that): every library under
/// src/ ships its own README, the tool is named distral, and the version lives in one place.
/// </summary>
public partial class PackagingTests
{
    private static string RepoRoot([CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", ".."));

    public static TheoryData<string> SourceProjects()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(RepoRoot(), "src"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoRoot(), file));
        return data;
    }

    private static string? Property(XDocument project, string name) =>
        project.Descendants(name).Select(e => e.Value.Trim()).FirstOrDefault();

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void EveryPackableProjectShipsItsOwnReadmeWithACodeExample(string relativePath)
    {
        string path = Path.Combine(RepoRoot(), relativePath);
        var project = XDocument.Load(path);
        Assert.NotEqual("false", Property(project, "IsPackable"));
        string? readme = Property(project, "PackageReadmeFile");
        Assert.Equal("README.md", readme);
        // The README must be packed at the package root under the same name, from the project's own folder.
        var packed = project.Descendants("None").Where(e => (string?)e.Attribute("Pack") == "true").ToList();
        var item = Assert.Single(packed, e => (string?)e.Attribute("PackagePath") == "/");
        string file = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, (string)item.Attribute("Include")!));
        Assert.Equal(Path.Combine(Path.GetDirectoryName(path)!, "README.md"), file);
        string text = File.ReadAllText(file);
        Assert.StartsWith("# ", text, StringComparison.Ordinal);
        Assert.Contains("## Install", text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Property(project, "Description")), $"{relativePath} has no Description");
        // Links relative to the repository do not work on a package page.
        Assert.DoesNotMatch(RelativeLink(), text);
    }

    [Fact]
    public void TheToolIsPackedAsDistralAndTheVersionIsSetOnlyInDirectoryBuildProps()
    {
        var cli = XDocument.Load(Path.Combine(RepoRoot(), "src", "Distral.Cli", "Distral.Cli.csproj"));
        Assert.Equal("true", Property(cli, "PackAsTool"));
        Assert.Equal("distral", Property(cli, "PackageId"));
        Assert.Equal("distral", Property(cli, "ToolCommandName"));

        var props = XDocument.Load(Path.Combine(RepoRoot(), "Directory.Build.props"));
        Assert.Matches(@"^0\.\d+\.\d+$", Property(props, "VersionPrefix"));
        Assert.Equal("MIT", Property(props, "PackageLicenseExpression"));
        foreach (var (relativePath, _) in SourceProjectsAndTests())
        {
            var project = XDocument.Load(Path.Combine(RepoRoot(), relativePath));
            Assert.Null(Property(project, "Version"));
            Assert.Null(Property(project, "VersionPrefix"));
        }
        // Test projects are never packed: the props file turns packing off for every *.Tests project.
        var testGroup = props.Descendants("PropertyGroup").Single(g => ((string?)g.Attribute("Condition"))?.Contains(".Tests", StringComparison.Ordinal) == true);
        Assert.Equal("false", testGroup.Element("IsPackable")?.Value);
        Assert.All(SourceProjectsAndTests().Where(p => p.IsTest), p => Assert.EndsWith(".Tests.csproj", p.Path, StringComparison.Ordinal));
    }

    private static IEnumerable<(string Path, bool IsTest)> SourceProjectsAndTests()
    {
        foreach (string folder in new[] { "src", "tests" })
            foreach (string file in Directory.GetFiles(Path.Combine(RepoRoot(), folder), "*.csproj", SearchOption.AllDirectories))
                yield return (Path.GetRelativePath(RepoRoot(), file), folder == "tests");
    }

    // A markdown link whose target is neither absolute (scheme://) nor an anchor, e.g. (docs/nn.md).
    [GeneratedRegex(@"\]\((?![a-z]+://|#)[^)]+\)")]
    private static partial Regex RelativeLink();
}
