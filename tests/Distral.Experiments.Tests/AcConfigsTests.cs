namespace Distral.Experiments.Tests;

/// <summary>
/// The seven actor-critic configs of a folder (configs/ac, configs/ac-maze) are one setting run with seven
/// algorithms: the results tables compare algorithms, so any other difference between the files would confound them.
/// </summary>
public class AcConfigsTests
{
    private static readonly string[] Algorithms = ["a3c", "a3c-multitask", "a3c-2col", "kl-1col", "kl-ent-1col", "kl-2col", "kl-ent-2col"];

    public static TheoryData<string> Folders => new() { "ac", "ac-maze" };

    [Theory]
    [MemberData(nameof(Folders))]
    public void EveryConfigParsesAndNamesItsAlgorithm(string folder)
    {
        foreach (string algorithm in Algorithms)
        {
            string path = ConfigPath(folder, algorithm);
            var config = ConfigLoader.Load(path);
            ConfigLoader.ValidateCombination(config, path);
            Assert.Equal(algorithm, config.Algorithm);
            Assert.Contains(algorithm, AlgorithmCatalog.Names);
        }
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void FolderHoldsExactlyTheSevenAlgorithms(string folder)
    {
        var names = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot(), "configs", folder), "*.yaml")
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Algorithms.Order(StringComparer.Ordinal), names);
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void ConfigsHaveTheSameValuesApartFromTheAlgorithm(string folder)
    {
        // Setting every file's algorithm to the same name must leave identical configurations (defaults included).
        var reference = ConfigLoader.Load(ConfigPath(folder, Algorithms[0]));
        foreach (string algorithm in Algorithms.Skip(1))
        {
            var config = ConfigLoader.Load(ConfigPath(folder, algorithm)).With("algorithm", reference.Algorithm);
            Assert.True(reference.ValueEquals(config), $"configs/{folder}/{algorithm}.yaml differs from {Algorithms[0]}.yaml in more than `algorithm`");
        }
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void ConfigTextsDifferOnlyInTheAlgorithmLineAndComments(string folder)
    {
        // Stricter than the values: a key written in one file and left to its default in another also counts.
        var reference = Significant(ConfigPath(folder, Algorithms[0]));
        Assert.NotEmpty(reference);
        foreach (string algorithm in Algorithms.Skip(1))
            Assert.Equal(reference, Significant(ConfigPath(folder, algorithm)));
    }

    [Fact]
    public void TheComparisonNoticesADifferentSetting()
    {
        // Guards the value test above: a changed key must make the configurations unequal.
        var config = ConfigLoader.Load(ConfigPath("ac", "kl-2col"));
        var changed = config.With("ac_beta", config.GetDouble("ac_beta") * 2);
        Assert.False(config.ValueEquals(changed));
    }

    private static string ConfigPath(string folder, string algorithm) =>
        Path.Combine(TestPaths.RepoRoot(), "configs", folder, algorithm + ".yaml");

    // The lines that carry settings: comments (whole-line and trailing), blank lines and `algorithm:` removed.
    private static List<string> Significant(string path) =>
        [.. File.ReadAllLines(path)
            .Select(line => line.Contains('#', StringComparison.Ordinal) ? line[..line.IndexOf('#', StringComparison.Ordinal)] : line)
            .Select(line => line.TrimEnd())
            .Where(line => line.Length > 0 && !line.StartsWith("algorithm:", StringComparison.Ordinal))];
}
