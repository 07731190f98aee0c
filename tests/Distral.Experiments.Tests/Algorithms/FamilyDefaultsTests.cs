using Distral.Agents.ActorCritic;
using Distral.Agents.SoftQ;

namespace Distral.Experiments.Tests;

/// <summary>Keys several families read (gamma, hidden, threads, the transfer keys) take the default of the config's algorithm's family.</summary>
public class FamilyDefaultsTests
{
    public static TheoryData<string> ActorCriticAlgorithms => [.. ActorCriticFamily.Family.Algorithms.Select(a => a.Name)];

    public static TheoryData<string> SoftQAlgorithms => [.. SoftQFamily.Family.Algorithms.Select(a => a.Name)];

    [Theory]
    [MemberData(nameof(ActorCriticAlgorithms))]
    public void ActorCriticConfigWithoutSharedKeysGetsActorCriticDefaults(string algorithm)
    {
        var config = ConfigLoader.Parse($"algorithm: {algorithm}\n", "ac.yaml");
        var defaults = new ActorCriticOptions();
        Assert.Equal(0.99, config.GetDouble("gamma"), 9);
        var options = ActorCriticAgents.Options(ActorCriticOptions.Preset(algorithm)!, config);
        Assert.Equal(0.99f, options.Gamma);
        Assert.Equal(defaults.Gamma, options.Gamma);
        Assert.Equal(defaults.HiddenSizes, options.HiddenSizes);
        Assert.Equal(defaults.Threads, options.Threads);
    }

    [Theory]
    [MemberData(nameof(SoftQAlgorithms))]
    public void SoftQConfigWithoutSharedKeysGetsSoftQDefaults(string algorithm)
    {
        var config = ConfigLoader.Parse($"algorithm: {algorithm}\n", "sql.yaml");
        var defaults = new SoftQOptions();
        Assert.Equal(0.999, config.GetDouble("gamma"), 9);
        var options = SoftQAgents.Options(SoftQOptions.Distral2Col, config);
        Assert.Equal(0.999f, options.Gamma);
        Assert.Equal(defaults.HiddenSizes, options.HiddenSizes);
        Assert.Equal(defaults.Threads, options.Threads);
    }

    [Fact]
    public void AWrittenSharedKeyWinsInEveryFamily()
    {
        var ac = ConfigLoader.Parse("algorithm: kl-2col\ngamma: 0.95\nhidden: [8]\nthreads: 2\n", "ac.yaml");
        var acOptions = ActorCriticAgents.Options(ActorCriticOptions.Kl2Col, ac);
        Assert.Equal((0.95f, 2), (acOptions.Gamma, acOptions.Threads));
        Assert.Equal([8], acOptions.HiddenSizes);
        var sql = ac.With("algorithm", "distral-2col-sql");
        Assert.Equal(0.95f, SoftQAgents.Options(SoftQOptions.Distral2Col, sql).Gamma);
    }

    [Fact]
    public void TheResolvedYamlHoldsTheFamilyDefaultAndRoundTrips()
    {
        var ac = RunConfig.Default.With("algorithm", "a3c");
        Assert.Contains("\ngamma: 0.99\n", ac.ToYaml().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("\ngamma: 0.999\n", RunConfig.Default.ToYaml().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var back = ConfigLoader.Parse(ac.ToYaml(), "config.yaml");
        Assert.True(back.ValueEquals(ac));
        // Written out, gamma is set: switching the algorithm of a resolved config keeps it.
        Assert.Equal(0.99, back.With("algorithm", "distral-2col-sql").GetDouble("gamma"), 9);
        Assert.Equal(0.999, ac.With("algorithm", "distral-2col-sql").GetDouble("gamma"), 9);
        Assert.False(ac.ValueEquals(RunConfig.Default.With("algorithm", "a3c").With("gamma", 0.999)));
    }

    [Fact]
    public void EveryAlgorithmAtTheDefaultsRunsItsPresetUnchanged()
    {
        // The key defaults are the options' defaults, so a config that sets nothing leaves each preset as it is.
        AssertPresetsUnchanged(SoftQFamily.Family, o => o.HiddenSizes, o => o with { HiddenSizes = NoWidths });
        AssertPresetsUnchanged(ActorCriticFamily.Family, o => o.HiddenSizes, o => o with { HiddenSizes = NoWidths });
    }

    [Fact]
    public void TheCatalogIsTheUnionOfTheFamilies()
    {
        Assert.Equal(AlgorithmCatalog.Families.SelectMany(f => f.Algorithms.Select(a => a.Name)), AlgorithmCatalog.Names);
        Assert.Equal(AlgorithmCatalog.Names.Count, AlgorithmCatalog.Names.Distinct().Count());
        Assert.Equal(["sql-independent", "distral-1col-sql", "distral-2col-sql", "distral-1col-beta-sql"], SoftQFamily.Family.Algorithms.Select(a => a.Name));
        Assert.Equal(ActorCriticOptions.Presets.Select(p => p.Name), ActorCriticFamily.Family.Algorithms.Select(a => a.Name));
        foreach (var family in AlgorithmCatalog.Families)
        {
            Assert.All(family.Algorithms, a => Assert.Equal(family.Name, a.Family));
            foreach (var key in family.Keys)
            {
                var listed = ConfigKeys.Find(key.Name);
                Assert.NotNull(listed);
                Assert.Equal(key.FormatScalar(key.Default), listed.FormatScalar(listed.DefaultFor(family.Name)));
            }
        }
    }

    [Fact]
    public void TheKeyTableShowsPerFamilyDefaultsWhereTheyDiffer()
    {
        Assert.Equal("0.999 (soft-Q), 0.99 (actor-critic)", ConfigKeys.Find("gamma")!.DefaultText(v => v));
        Assert.Equal("[64, 128, 64]", ConfigKeys.Find("hidden")!.DefaultText(v => v));
        Assert.Equal("1", ConfigKeys.Find("threads")!.DefaultText(v => v));
        Assert.Equal("plan4", ConfigKeys.Find("tasks")!.DefaultText(v => v)[1..6]);
        // Soft Q and actor-critic share six keys (three of them transfer keys); the two distillation algorithms (two
        // families) share all of theirs.
        Assert.Equal(["gamma", "hidden", "threads", "prior_run", "prior_trainable", "init_from", .. DistillationFamily.PolicyDistillation.Keys.Select(k => k.Name)],
            ConfigKeys.All.Where(k => k.FamilyDefaults.Count > 1).Select(k => k.Name));
        Assert.Equal("0.01 (policy-distillation), 1 (actor-mimic)", ConfigKeys.Find("distill_tau")!.DefaultText(v => v));
        Assert.Contains("| `gamma` | number | `0.999` (soft-Q), `0.99` (actor-critic) |", ConfigKeys.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void AFamilyCannotRedefineAKeyAnotherFamilyDeclared()
    {
        var redefined = new AlgorithmFamily<SoftQOptions>
        {
            Name = "other",
            Section = "other",
            NameOf = o => o.Architecture,
            Presets = [],
            Bindings = [KeyBinding<SoftQOptions>.Number(new("gamma", ConfigValueKind.Number, 0.9, "Another discount."), "Gamma", (o, v) => o with { Gamma = v })],
            Validate = o => o.Validate(),
            Create = (_, _, _, _) => throw new NotSupportedException(),
        };
        Assert.Throws<InvalidOperationException>(() => ConfigKeys.Build([SoftQFamily.Family, redefined]));
        Assert.Equal(6, ConfigKeys.Build([SoftQFamily.Family, ActorCriticFamily.Family]).Count(e => e.Key.FamilyDefaults.Count > 1));
    }

    // Records compare lists by reference: the widths are compared by value, the rest with one shared list.
    private static readonly int[] NoWidths = [];

    private static void AssertPresetsUnchanged<TOptions>(AlgorithmFamily<TOptions> family, Func<TOptions, IReadOnlyList<int>> widths,
        Func<TOptions, TOptions> withoutWidths) where TOptions : class
    {
        Assert.NotEmpty(family.Presets);
        foreach (var preset in family.Presets)
        {
            var config = RunConfig.Default.With("algorithm", family.NameOf(preset.Options));
            var options = family.Options(preset.Options, config);
            Assert.Equal(widths(preset.Options), widths(options));
            Assert.Equal(withoutWidths(preset.Options), withoutWidths(options));
        }
    }
}
