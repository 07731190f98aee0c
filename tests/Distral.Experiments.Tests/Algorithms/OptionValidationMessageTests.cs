using Distral.Agents.ActorCritic;
using Distral.Agents.SoftQ;

namespace Distral.Experiments.Tests;

/// <summary>
/// Where a value passes its key's range but the options' own validation refuses it (a float that rounds to 0, a
/// bound the key table does not know), the message names the config key, not the C# property.
/// </summary>
public class OptionValidationMessageTests
{
    [Fact]
    public void SoftQLearningRateThatRoundsToZeroNamesTheKey()
    {
        var config = ConfigLoader.ApplyOverrides(RunConfig.Default, ["lr_task=1e-50"]);
        var e = Assert.Throws<ConfigException>(() => SoftQAgents.Options(SoftQOptions.Distral2Col, config));
        Assert.Equal("key 'lr_task': must be > 0, got 0", e.Message);
    }

    [Fact]
    public void SoftQRuleOverTwoOptionsNamesBothKeys()
    {
        // ConfigLoader.ValidateCombination refuses this for loaded files; the options check it for every caller.
        var config = ConfigLoader.ApplyOverrides(RunConfig.Default, ["replay_size=100", "min_replay=200"]);
        var e = Assert.Throws<ConfigException>(() => SoftQAgents.Options(SoftQOptions.SqlIndependent, config));
        Assert.Equal("key 'min_replay': (200) must not exceed 'replay_size' (100)", e.Message);
    }

    [Fact]
    public void SoftQLibraryValidationKeepsThePropertyName()
    {
        var e = Assert.Throws<ArgumentException>(() => (SoftQOptions.Distral2Col with { TaskLearningRate = 0 }).Validate());
        Assert.Equal("TaskLearningRate", e.ParamName);
        Assert.Contains("SoftQOptions.TaskLearningRate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ActorCriticRmsPropDecayOfOneNamesTheKey()
    {
        // The key allows [0, 1]; RMSProp needs a decay below 1.
        var config = ConfigLoader.ApplyOverrides(RunConfig.Default, ["algorithm=kl-2col", "rmsprop_decay=1"]);
        var e = Assert.Throws<ConfigException>(() => ActorCriticAgents.Options(ActorCriticOptions.Kl2Col, config));
        Assert.Equal("key 'rmsprop_decay': must be in [0, 1), got 1", e.Message);
    }

    [Fact]
    public void ActorCriticLearningRateThatRoundsToZeroNamesTheKey()
    {
        var config = ConfigLoader.ApplyOverrides(RunConfig.Default, ["algorithm=a3c", "ac_lr_distilled=1e-50"]);
        var e = Assert.Throws<ConfigException>(() => ActorCriticAgents.Options(ActorCriticOptions.A3c, config));
        Assert.Equal("key 'ac_lr_distilled': must be > 0, got 0", e.Message);
    }

    [Fact]
    public void AnOptionNoKeySetsIsReportedAsTheAlgorithms()
    {
        var e = Assert.Throws<ConfigException>(() => ActorCriticAgents.Options(ActorCriticOptions.A3c with { Name = " " }, RunConfig.Default));
        Assert.StartsWith("key 'algorithm': invalid actor-critic setting: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAgentFactoryReportsTheKeyToo()
    {
        var config = ConfigLoader.ApplyOverrides(RunConfig.Default, ["algorithm=distral-1col-sql", "tasks=plan6", "beta=1e39"]);
        var envs = TaskResolver.CreateEnvs(TaskResolver.Resolve(config), config.Seed, config.MaxEpisodeSteps);
        var e = Assert.Throws<ConfigException>(() => AlgorithmCatalog.Get(config.Algorithm).Create(envs, config, config.Seed));
        Assert.StartsWith("key 'beta': must be > 0 and finite, got ", e.Message, StringComparison.Ordinal);
    }
}
