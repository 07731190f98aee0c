namespace Distral.Envs.Tests;

public class MountainCarTests
{
    private static (double Position, double Velocity) ReferenceStep((double Position, double Velocity) s, int action)
    {
        double v = Math.Clamp(s.Velocity + (action - 1) * 0.001 - 0.0025 * Math.Cos(3 * s.Position), -0.07, 0.07);
        double x = Math.Clamp(s.Position + v, -1.2, 0.6);
        if (x == -1.2 && v < 0) v = 0;
        return (x, v);
    }

    [Fact]
    public void FirstStepMatchesHandComputation()
    {
        var env = new MountainCarEnv();
        env.Reset(0);
        env.SetState(-0.5, 0);
        var r = env.Step(2);
        double v = 0.001 - 0.0025 * Math.Cos(-1.5); // cos(-1.5) = 0.0707372
        Assert.Equal(0.000823157, v, 9);
        Assert.Equal(v, env.State.Velocity, 15);
        Assert.Equal(-0.5 + v, env.State.Position, 15);
        ClassicControlTestSupport.AssertObservation(r.Observation, -0.5 + v, v);
        Assert.Equal(-1f, r.Reward);
        Assert.False(r.Terminated);
    }

    [Fact]
    public void EnergyPumpingTrajectoryMatchesReferenceAndReachesTheGoal()
    {
        var env = new MountainCarEnv();
        env.Reset(0);
        var s = (Position: -0.5, Velocity: 0.0);
        env.SetState(s.Position, s.Velocity);
        int steps = 0;
        bool terminated = false;
        while (!terminated && steps < 200)
        {
            int action = s.Velocity >= 0 ? 2 : 0;
            var r = env.Step(action);
            s = ReferenceStep(s, action);
            steps++;
            Assert.Equal(s.Position, env.State.Position, 12);
            Assert.Equal(s.Velocity, env.State.Velocity, 12);
            Assert.Equal(-1f, r.Reward);
            terminated = r.Terminated;
            Assert.Equal(s.Position >= 0.5, terminated);
        }
        Assert.True(terminated, "pushing along the velocity solves MountainCar within 200 steps");
        Assert.InRange(steps, 80, 200);
    }

    [Fact]
    public void LeftWallStopsTheCar()
    {
        var env = new MountainCarEnv();
        env.Reset(0);
        env.SetState(-1.19, -0.05);
        env.Step(0);
        Assert.Equal((-1.2, 0.0), env.State);
    }

    [Fact]
    public void GoalTerminatesWithSuccess()
    {
        var env = new MountainCarEnv();
        env.Reset(0);
        env.SetState(0.49, 0.05);
        var r = env.Step(1);
        Assert.True(r.Terminated);
        Assert.True(r.Info.IsSuccess);
        Assert.Equal(-1f, r.Reward);
    }

    [Fact]
    public void ResetStartsInTheValleyAtRest()
    {
        var env = new MountainCarEnv(seed: 1);
        for (int i = 0; i < 100; i++)
        {
            var obs = env.Reset().Observation;
            Assert.InRange(obs[0], -0.6f, -0.4f);
            Assert.Equal(0f, obs[1]);
        }
    }

    [Fact]
    public void PassesTheEnvChecker() => Assert.Empty(EnvChecker.Check(seed => new MountainCarEnv(seed: seed), maxStepsToEnd: 2000));

    [Fact]
    public void StepDoesNotAllocate()
    {
        var env = new MountainCarEnv();
        env.Reset(0);
        Assert.Equal(0, ClassicControlTestSupport.AllocatedBytes(() =>
        {
            for (int t = 0; t < 100; t++) env.Step(t % 3);
        }));
    }
}
