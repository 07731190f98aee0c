using Distral.Tensors;

namespace Distral.Envs.Tests;

public class CartPoleTests
{
    // Straight transcription of the published CartPole equations (Florian 2007 as used by Gymnasium), Euler step.
    private static (double X, double XDot, double Theta, double ThetaDot) ReferenceStep(
        (double X, double XDot, double Theta, double ThetaDot) s, int action,
        double g = 9.8, double mc = 1.0, double mp = 0.1, double l = 0.5, double f = 10.0, double tau = 0.02)
    {
        double force = action == 1 ? f : -f;
        double m = mc + mp;
        double c = Math.Cos(s.Theta), sn = Math.Sin(s.Theta);
        double temp = (force + mp * l * s.ThetaDot * s.ThetaDot * sn) / m;
        double thetaAcc = (g * sn - c * temp) / (l * (4.0 / 3.0 - mp * c * c / m));
        double xAcc = temp - mp * l * thetaAcc * c / m;
        return (s.X + tau * s.XDot, s.XDot + tau * xAcc, s.Theta + tau * s.ThetaDot, s.ThetaDot + tau * thetaAcc);
    }

    [Fact]
    public void FirstStepFromRestMatchesHandComputation()
    {
        var env = new CartPoleEnv();
        env.Reset(0);
        env.SetState(0, 0, 0, 0);
        var result = env.Step(1);
        // F/M = 10/1.1; thetaAcc = -(F/M) / (0.5 (4/3 - 0.1/1.1)); xAcc = F/M - 0.05 thetaAcc / 1.1.
        double fOverM = 10 / 1.1;
        double thetaAcc = -fOverM / (0.5 * (4.0 / 3.0 - 0.1 / 1.1));
        double xAcc = fOverM - 0.05 * thetaAcc / 1.1;
        Assert.Equal(-14.634146, thetaAcc, 5);
        Assert.Equal(9.756098, xAcc, 5);
        var s = env.State;
        Assert.Equal(0.0, s.X);
        Assert.Equal(0.02 * xAcc, s.XDot, 12);
        Assert.Equal(0.0, s.Theta);
        Assert.Equal(0.02 * thetaAcc, s.ThetaDot, 12);
        Assert.Equal(1f, result.Reward);
        Assert.False(result.Terminated);
        Assert.False(result.Truncated);
    }

    [Fact]
    public void TrajectoryMatchesReferenceEquations()
    {
        var env = new CartPoleEnv();
        env.Reset(3);
        var s = (X: 0.01, XDot: -0.02, Theta: 0.03, ThetaDot: 0.04);
        env.SetState(s.X, s.XDot, s.Theta, s.ThetaDot);
        int[] actions = [1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0];
        foreach (int a in actions)
        {
            var r = env.Step(a);
            s = ReferenceStep(s, a);
            var actual = env.State;
            Assert.Equal(s.X, actual.X, 12);
            Assert.Equal(s.XDot, actual.XDot, 12);
            Assert.Equal(s.Theta, actual.Theta, 12);
            Assert.Equal(s.ThetaDot, actual.ThetaDot, 12);
            ClassicControlTestSupport.AssertObservation(r.Observation, actual.X, actual.XDot, actual.Theta, actual.ThetaDot);
            Assert.Equal(1f, r.Reward);
            Assert.False(r.Done);
        }
    }

    [Fact]
    public void TaskParametersChangeTheDynamicsAsPublished()
    {
        var parameters = new CartPoleParameters { PoleHalfLength = 1.0, PoleMass = 0.3, Gravity = 4.9 };
        var env = new CartPoleEnv(parameters);
        env.Reset(1);
        var s = (X: 0.0, XDot: 0.1, Theta: -0.05, ThetaDot: 0.2);
        env.SetState(s.X, s.XDot, s.Theta, s.ThetaDot);
        for (int t = 0; t < 10; t++)
        {
            env.Step(t % 2);
            s = ReferenceStep(s, t % 2, g: 4.9, mp: 0.3, l: 1.0);
        }
        Assert.Equal(s.ThetaDot, env.State.ThetaDot, 12);
        Assert.Equal(s.XDot, env.State.XDot, 12);
        Assert.NotEqual(ReferenceStep((0, 0.1, -0.05, 0.2), 0).ThetaDot, ReferenceStep((0, 0.1, -0.05, 0.2), 0, g: 4.9, mp: 0.3, l: 1.0).ThetaDot);
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.209, 1.0, true)]     // pole passes +12 degrees
    [InlineData(0.0, 0.0, -0.209, -1.0, true)]   // pole passes -12 degrees
    [InlineData(2.39, 1.0, 0.0, 0.0, true)]      // cart passes +2.4
    [InlineData(-2.39, -1.0, 0.0, 0.0, true)]    // cart passes -2.4
    [InlineData(2.3, 1.0, 0.2, 0.0, false)]      // close to both limits but inside
    public void TerminatesOutsideTheThresholdsWithRewardOne(double x, double xDot, double theta, double thetaDot, bool expected)
    {
        var env = new CartPoleEnv();
        env.Reset(0);
        env.SetState(x, xDot, theta, thetaDot);
        var r = env.Step(1);
        Assert.Equal(expected, r.Terminated);
        Assert.False(r.Truncated);
        Assert.Equal(1f, r.Reward);
        if (expected)
        {
            Assert.False(r.Info.IsSuccess);
            Assert.Throws<InvalidOperationException>(() => env.Step(0));
        }
    }

    [Fact]
    public void ResetIsUniformInTheGymnasiumRangeAndSeeded()
    {
        var env = new CartPoleEnv(seed: 5);
        var seen = new HashSet<float>();
        for (int i = 0; i < 200; i++)
        {
            var obs = env.Reset().Observation;
            foreach (float v in obs)
            {
                Assert.InRange(v, -0.05f, 0.05f);
                seen.Add(v);
            }
        }
        Assert.True(seen.Count > 700);
        float[] a = env.Reset(123).Observation.ToArray();
        float[] b = new CartPoleEnv(seed: 9).Reset(123).Observation.ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, env.Reset(124).Observation.ToArray());
    }

    [Fact]
    public void RandomPolicyEndsEpisodesWellBeforeTheLimit()
    {
        var env = new CartPoleEnv(seed: 2);
        var rng = new Rng(4);
        int total = 0;
        for (int episode = 0; episode < 20; episode++)
        {
            env.Reset();
            int length = 0;
            while (!env.Step(rng.NextInt(2)).Done) length++;
            total += length + 1;
        }
        Assert.InRange(total / 20.0, 8, 60); // random CartPole episodes last about 22 steps
    }

    [Fact]
    public void PassesTheEnvChecker() => Assert.Empty(EnvChecker.Check(seed => new CartPoleEnv(seed: seed)));

    [Fact]
    public void StepDoesNotAllocate()
    {
        var env = new CartPoleEnv();
        env.Reset(0);
        long bytes = ClassicControlTestSupport.AllocatedBytes(() =>
        {
            for (int t = 0; t < 100; t++)
            {
                env.SetState(0, 0, 0, 0);
                env.Step(t & 1);
            }
        });
        Assert.Equal(0, bytes);
    }
}
