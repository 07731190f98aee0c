namespace Distral.Envs.Tests;

public class PendulumTests
{
    private static double Normalize(double x)
    {
        double r = x + Math.PI;
        r -= 2 * Math.PI * Math.Floor(r / (2 * Math.PI));
        return r - Math.PI;
    }

    [Fact]
    public void FirstStepMatchesHandComputation()
    {
        var env = new PendulumEnv();
        env.Reset(0);
        env.SetState(0, 0);
        var r = env.Step([2f]);
        // thdot' = (3 g / 2l sin 0 + 3 / (m l^2) * 2) * 0.05 = 0.3; th' = 0.3 * 0.05 = 0.015; cost = 0.001 * 4.
        Assert.Equal(0.3, env.State.ThetaDot, 12);
        Assert.Equal(0.015, env.State.Theta, 12);
        Assert.Equal(-0.004f, r.Reward, 6);
        ClassicControlTestSupport.AssertObservation(r.Observation, Math.Cos(0.015), Math.Sin(0.015), 0.3);
    }

    [Fact]
    public void TrajectoryMatchesReferenceAndNeverTerminates()
    {
        var env = new PendulumEnv();
        env.Reset(0);
        double th = 2.5, thdot = -0.7;
        env.SetState(th, thdot);
        for (int t = 0; t < 300; t++)
        {
            float u = (float)(3 * Math.Sin(0.1 * t)); // exceeds the limit at times: clipping matters
            var r = env.Step([u]);
            double uc = Math.Clamp(u, -2.0, 2.0);
            double cost = Normalize(th) * Normalize(th) + 0.1 * thdot * thdot + 0.001 * uc * uc;
            double newThdot = Math.Clamp(thdot + (3 * 10.0 / 2 * Math.Sin(th) + 3.0 * uc) * 0.05, -8, 8);
            th += newThdot * 0.05;
            thdot = newThdot;
            Assert.Equal(th, env.State.Theta, 10);
            Assert.Equal(thdot, env.State.ThetaDot, 10);
            Assert.Equal((float)-cost, r.Reward, 5);
            Assert.False(r.Done);
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(3 * Math.PI, -Math.PI)]
    [InlineData(-3.5 * Math.PI, 0.5 * Math.PI)]
    [InlineData(1.0, 1.0)]
    [InlineData(-1.0, -1.0)]
    public void AngleNormalisationFollowsPythonModulo(double x, double expected) =>
        Assert.Equal(expected, PendulumEnv.NormalizeAngle(x), 12);

    [Fact]
    public void LowerGravityFallsSlower()
    {
        var earth = new PendulumEnv();
        var moon = new PendulumEnv(new PendulumParameters { Gravity = 1.62 });
        earth.Reset(0);
        moon.Reset(0);
        earth.SetState(1, 0);
        moon.SetState(1, 0);
        earth.Step([0f]);
        moon.Step([0f]);
        Assert.Equal(3 * 1.62 / 2 * Math.Sin(1) * 0.05, moon.State.ThetaDot, 12);
        Assert.True(earth.State.ThetaDot > moon.State.ThetaDot);
    }

    [Fact]
    public void ResetRangesAndActionSpace()
    {
        var env = new PendulumEnv(seed: 2);
        var box = Assert.IsType<Box>(env.ActionSpace);
        Assert.Equal(-2f, box.Low[0]);
        Assert.Equal(2f, box.High[0]);
        for (int i = 0; i < 100; i++)
        {
            env.Reset();
            Assert.InRange(env.State.Theta, -Math.PI, Math.PI);
            Assert.InRange(env.State.ThetaDot, -1, 1);
        }
        Assert.Throws<NotSupportedException>(() => env.Step(0));
    }

    [Fact]
    public void PassesTheEnvChecker() => Assert.Empty(EnvChecker.Check(seed => new PendulumEnv(seed: seed), maxStepsToEnd: 500));

    [Fact]
    public void StepDoesNotAllocate()
    {
        var env = new PendulumEnv();
        env.Reset(0);
        var action = new float[1];
        Assert.Equal(0, ClassicControlTestSupport.AllocatedBytes(() =>
        {
            for (int t = 0; t < 100; t++)
            {
                action[0] = t * 0.01f - 0.5f;
                env.Step(action);
            }
        }));
    }
}
