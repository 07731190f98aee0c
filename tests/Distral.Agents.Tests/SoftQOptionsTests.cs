using Distral.Agents.SoftQ;

namespace Distral.Agents.Tests;

public class SoftQOptionsTests
{
    [Fact]
    public void DefaultsAreTheThesisSettings()
    {
        var o = new SoftQOptions();
        Assert.Equal((0.999f, 0.8f, 5f, 128, 1e-3f, 1e-3f, 10_000), (o.Gamma, o.Alpha, o.Beta, o.BatchSize, o.TaskLearningRate, o.DistilledLearningRate, o.ReplayCapacity));
        Assert.Equal((0.9f, 0.05f, 5f, 500f, 1), (o.EpsilonStart, o.EpsilonEnd, o.EpsilonDecayEpisodes, o.GradientClipValue, o.NSteps));
        Assert.Equal([64, 128, 64], o.HiddenSizes);
        Assert.Equal((TargetNetworkMode.None, ActingPolicy.Prior, true, DistillationLossKind.Sampled), (o.TargetNetwork, o.Acting, o.Distilled, o.DistillationLoss));
    }

    [Fact]
    public void PresetsAreValidAndDistinct()
    {
        SoftQOptions[] presets = [SoftQOptions.SqlIndependent, SoftQOptions.Distral1Col, SoftQOptions.Distral2Col, SoftQOptions.Distral1ColBeta, SoftQOptions.PaperTwoRoom];
        foreach (var p in presets) p.Validate();
        Assert.Equal(presets.Length, presets.Select(p => p.Architecture).Distinct().Count());
        Assert.False(SoftQOptions.SqlIndependent.Distilled);
        Assert.Equal(ActingPolicy.Raw, SoftQOptions.Distral1Col.Acting);
        Assert.Equal((ActingPolicy.Scaled, 5f), (SoftQOptions.Distral1ColBeta.Acting, SoftQOptions.Distral1ColBeta.BetaPrime));
        Assert.Equal((1f, 10), (SoftQOptions.PaperTwoRoom.Alpha, SoftQOptions.PaperTwoRoom.NSteps));
        Assert.Equal(SoftQOptions.Distral1ColBeta.Architecture, SoftQOptions.Preset("1col-beta")?.Architecture);
        Assert.Null(SoftQOptions.Preset("nope"));
    }

    public static TheoryData<string, Func<SoftQOptions, SoftQOptions>> BadOptions => new()
    {
        { "Beta", o => o with { Beta = 0 } },
        { "Beta", o => o with { Beta = -1 } },
        { "Alpha", o => o with { Alpha = 1.5f } },
        { "Alpha", o => o with { Alpha = -0.1f } },
        { "Gamma", o => o with { Gamma = 0 } },
        { "Gamma", o => o with { Gamma = 1.01f } },
        { "BatchSize", o => o with { BatchSize = 0 } },
        { "TaskLearningRate", o => o with { TaskLearningRate = 0 } },
        { "DistilledLearningRate", o => o with { DistilledLearningRate = float.NaN } },
        { "EpsilonStart", o => o with { EpsilonStart = 2 } },
        { "EpsilonDecayEpisodes", o => o with { EpsilonDecayEpisodes = 0 } },
        { "HiddenSizes", o => o with { HiddenSizes = [] } },
        { "NSteps", o => o with { NSteps = 0 } },
        { "TargetTau", o => o with { TargetTau = 0 } },
        { "MinReplayToLearn", o => o with { MinReplayToLearn = 20_000 } },
        { "BetaPrime", o => o with { BetaPrime = 0 } },
        { "GradientClipValue", o => o with { GradientClipValue = -1 } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void ValidateNamesTheBadOption(string option, Func<SoftQOptions, SoftQOptions> corrupt)
    {
        var e = Assert.Throws<ArgumentException>(() => corrupt(new SoftQOptions()).Validate());
        Assert.Equal(option, e.ParamName);
        Assert.Contains("SoftQOptions." + option, e.Message);
    }
}
