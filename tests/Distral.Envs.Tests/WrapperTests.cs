using Distral.Envs;

namespace Distral.Envs.Tests;

public class WrapperTests
{
    [Fact]
    public void TimeLimitTruncatesWithoutTerminating()
    {
        var env = new TimeLimit(new GridWorld(ThesisPlans.Map(4)), 5);
        env.Reset(0);
        for (int t = 1; t <= 4; t++)
        {
            var s = env.Step(GridWorld.Up);
            Assert.False(s.Done);
            Assert.Equal(t, env.ElapsedSteps);
        }
        var last = env.Step(GridWorld.Up);
        Assert.True(last.Truncated);
        Assert.False(last.Terminated);
        Assert.True(last.Info.TimeLimitReached);
        Assert.Throws<InvalidOperationException>(() => env.Step(GridWorld.Up));
        env.Reset();
        Assert.False(env.Step(GridWorld.Up).Done);
    }

    [Fact]
    public void TimeLimitKeepsTerminationOnTheLastAllowedStep()
    {
        var env = new TimeLimit(new GridWorld(GridMap.Parse("S.G")), 2);
        env.Reset(0);
        env.Step(GridWorld.Right);
        var s = env.Step(GridWorld.Right);
        Assert.True(s.Terminated);
        Assert.False(s.Truncated);
        Assert.False(s.Info.TimeLimitReached);
    }

    [Fact]
    public void EpisodeStatisticsReportsReturnAndLengthAtTheEnd()
    {
        var env = new EpisodeStatistics(new GridWorld(GridMap.Parse("S..G")));
        env.Reset(0);
        Assert.Null(env.Step(GridWorld.Up).Info.EpisodeReturn);
        Assert.Null(env.Step(GridWorld.Right).Info.EpisodeLength);
        env.Step(GridWorld.Right);
        var last = env.Step(GridWorld.Right);
        Assert.True(last.Terminated);
        Assert.Equal(4, last.Info.EpisodeLength);
        Assert.Equal(-0.6 - 0.1 - 0.1 + 0.9, last.Info.EpisodeReturn!.Value, 5);
        Assert.Equal(1, env.EpisodeCount);
        Assert.Equal(4, env.LastEpisodeLength);
    }

    [Fact]
    public void EpisodeStatisticsSeesTruncationFromAnInnerTimeLimit()
    {
        var env = new EpisodeStatistics(new TimeLimit(new GridWorld(ThesisPlans.Map(4)), 3));
        env.Reset(0);
        env.Step(0);
        env.Step(0);
        var s = env.Step(0);
        Assert.True(s.Truncated);
        Assert.Equal(3, s.Info.EpisodeLength);
        Assert.Equal(-1.8, s.Info.EpisodeReturn!.Value, 5);
    }

    [Fact]
    public void PreviousActionRewardAppendsOneHotActionAndReward()
    {
        var env = new PreviousActionReward(new GridWorld(ThesisPlans.Map(4), new GridWorldOptions { Encoder = GridEncoder.Coordinates }), -0.6f, 0.9f);
        Assert.Equal(2 + 4 + 1, env.ObservationSpace.Size);
        var obs = env.Reset(0).Observation.ToArray();
        Assert.Equal([1 / 8f, 1 / 9f, 0, 0, 0, 0, 0], obs);
        obs = env.Step(GridWorld.Down).Observation.ToArray();
        Assert.Equal([2 / 8f, 1 / 9f, 0, 1, 0, 0, -0.1f], obs);
        Assert.Empty(EnvChecker.Check(seed => new PreviousActionReward(
            new GridWorld(ThesisPlans.Map(4), new GridWorldOptions { Encoder = GridEncoder.OneHot }, seed), -0.6f, 0.9f)));
    }

    [Fact]
    public void VectorEnvAutoResetsInTheSameStepAndKeepsTheFinalObservation()
    {
        // Copy 0 reaches the goal of "S.G" in two steps, copy 1 lives on a bigger map.
        var vec = new VectorEnv(i => i == 0 ? new GridWorld(GridMap.Parse("S.G"), null, i) : new GridWorld(ThesisPlans.Map(4), null, i), 2);
        vec.Reset(10);
        Assert.Equal(6, vec.Observations.Length);
        vec.Step([GridWorld.Right, GridWorld.Down]);
        Assert.False(vec.Terminated[0]);
        Assert.False(vec.HasFinalObservation[0]);
        vec.Step([GridWorld.Right, GridWorld.Down]);
        Assert.True(vec.Terminated[0]);
        Assert.True(vec.HasFinalObservation[0]);
        Assert.Equal(0.9f, vec.Rewards[0], 5);
        Assert.Equal(true, vec.FinalInfos[0].IsSuccess);
        // Final observation: the goal cell (0,2) of a 1x3 grid, prev action right, reward 0.9.
        Assert.Equal([2f * 2 / 3 - 1, 0.25f, 0.9f], vec.FinalObservation(0).ToArray());
        // Already reset: back at the start with empty previous action/reward.
        Assert.Equal([-1f, 0f, 0f], vec.Observation(0).ToArray());
        Assert.Equal(0, vec.Infos[0].StateIndex);
        Assert.False(vec.Terminated[1]);
        Assert.False(vec.HasFinalObservation[1]);
        vec.Step([GridWorld.Right, GridWorld.Down]);
        Assert.False(vec.Terminated[0]);
        Assert.False(vec.HasFinalObservation[0]);
    }

    [Fact]
    public void VectorEnvWithTimeLimitReportsTruncation()
    {
        var vec = new VectorEnv(i => new TimeLimit(new GridWorld(ThesisPlans.Map(4), null, i), 3), 3);
        vec.Reset(0);
        int[] up = [0, 0, 0];
        vec.Step(up);
        vec.Step(up);
        vec.Step(up);
        Assert.All(vec.Truncated, Assert.True);
        Assert.All(vec.Terminated, Assert.False);
        Assert.All(vec.HasFinalObservation, Assert.True);
        vec.Step(up); // the copies were reset, so this must not throw
        Assert.All(vec.Truncated, Assert.False);
    }
}
