namespace Distral.Envs.Tests;

public class AcrobotTests
{
    // Sutton and Barto's acrobot ("book" equations) with the default constants, as a plain function.
    private static double[] Derivative(double[] s, double torque)
    {
        const double m1 = 1, m2 = 1, l1 = 1, lc1 = 0.5, lc2 = 0.5, i1 = 1, i2 = 1, g = 9.8;
        double t1 = s[0], t2 = s[1], w1 = s[2], w2 = s[3];
        double d1 = m1 * lc1 * lc1 + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * Math.Cos(t2)) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * Math.Cos(t2)) + i2;
        double phi2 = m2 * lc2 * g * Math.Cos(t1 + t2 - Math.PI / 2);
        double phi1 = -m2 * l1 * lc2 * w2 * w2 * Math.Sin(t2) - 2 * m2 * l1 * lc2 * w2 * w1 * Math.Sin(t2)
            + (m1 * lc1 + m2 * l1) * g * Math.Cos(t1 - Math.PI / 2) + phi2;
        double a2 = (torque + d2 / d1 * phi1 - m2 * l1 * lc2 * w1 * w1 * Math.Sin(t2) - phi2) / (m2 * lc2 * lc2 + i2 - d2 * d2 / d1);
        double a1 = -(d2 * a2 + phi1) / d1;
        return [w1, w2, a1, a2];
    }

    private static double[] ReferenceStep(double[] s, int action)
    {
        const double h = 0.2;
        double torque = action - 1;
        double[] Add(double[] x, double[] k, double c) => [.. x.Select((v, i) => v + c * k[i])];
        var k1 = Derivative(s, torque);
        var k2 = Derivative(Add(s, k1, h / 2), torque);
        var k3 = Derivative(Add(s, k2, h / 2), torque);
        var k4 = Derivative(Add(s, k3, h), torque);
        var n = new double[4];
        for (int i = 0; i < 4; i++) n[i] = s[i] + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        for (int i = 0; i < 2; i++)
        {
            while (n[i] > Math.PI) n[i] -= 2 * Math.PI;
            while (n[i] < -Math.PI) n[i] += 2 * Math.PI;
        }
        n[2] = Math.Clamp(n[2], -4 * Math.PI, 4 * Math.PI);
        n[3] = Math.Clamp(n[3], -9 * Math.PI, 9 * Math.PI);
        return n;
    }

    [Fact]
    public void TrajectoryMatchesReferenceRungeKutta()
    {
        var env = new AcrobotEnv();
        env.Reset(0);
        double[] s = [0.05, -0.08, 0.02, 0.01];
        env.SetState(s[0], s[1], s[2], s[3]);
        for (int t = 0; t < 120; t++)
        {
            // Pump energy: torque in the direction of the first joint's velocity.
            int action = s[2] >= 0 ? 2 : 0;
            var r = env.Step(action);
            s = ReferenceStep(s, action);
            var a = env.State;
            Assert.Equal(s[0], a.Theta1, 9);
            Assert.Equal(s[1], a.Theta2, 9);
            Assert.Equal(s[2], a.Theta1Dot, 9);
            Assert.Equal(s[3], a.Theta2Dot, 9);
            ClassicControlTestSupport.AssertObservation(r.Observation,
                Math.Cos(a.Theta1), Math.Sin(a.Theta1), Math.Cos(a.Theta2), Math.Sin(a.Theta2), a.Theta1Dot, a.Theta2Dot);
            bool atGoal = -Math.Cos(s[0]) - Math.Cos(s[0] + s[1]) > 1.0;
            Assert.Equal(atGoal, r.Terminated);
            Assert.Equal(atGoal ? 0f : -1f, r.Reward);
            if (r.Terminated) break;
        }
    }

    [Fact]
    public void FirstStepFromRestWithoutTorqueStaysAtRest()
    {
        var env = new AcrobotEnv();
        env.Reset(0);
        env.SetState(0, 0, 0, 0);
        var r = env.Step(1);
        // Gravity terms use cos(theta - pi/2), which is 6e-17 rather than 0 at rest (as in Gymnasium).
        var s = env.State;
        foreach (double v in new[] { s.Theta1, s.Theta2, s.Theta1Dot, s.Theta2Dot }) Assert.Equal(0, v, 12);
        for (int i = 0; i < 6; i++) Assert.Equal(i is 0 or 2 ? 1f : 0f, r.Observation[i], 6);
        Assert.Equal(-1f, r.Reward);
        Assert.False(r.Terminated);
    }

    [Fact]
    public void ReachingTheGoalHeightTerminatesWithRewardZero()
    {
        var env = new AcrobotEnv();
        env.Reset(0);
        env.SetState(Math.PI - 0.01, 0, 0, 0); // upright, tip at height 2 > 1
        var r = env.Step(1);
        Assert.True(r.Terminated);
        Assert.Equal(0f, r.Reward);
        Assert.True(r.Info.IsSuccess);
        Assert.Throws<InvalidOperationException>(() => env.Step(1));
    }

    [Fact]
    public void AnglesWrapAndVelocitiesAreBounded()
    {
        var env = new AcrobotEnv();
        env.Reset(0);
        double[] reference = [3.1, -3.1, 12.5, -28];
        env.SetState(reference[0], reference[1], reference[2], reference[3]);
        env.Step(2);
        reference = ReferenceStep(reference, 2);
        var s = env.State;
        Assert.Equal(reference, new[] { s.Theta1, s.Theta2, s.Theta1Dot, s.Theta2Dot }, (x, y) => Math.Abs(x - y) < 1e-9);
        Assert.True(s.Theta1 < 0, "theta1 passed +pi and wrapped to negative");
        Assert.InRange(s.Theta1, -Math.PI, Math.PI);
        Assert.InRange(s.Theta2, -Math.PI, Math.PI);
        Assert.InRange(s.Theta1Dot, -4 * Math.PI, 4 * Math.PI);
        Assert.InRange(s.Theta2Dot, -9 * Math.PI, 9 * Math.PI);
    }

    [Fact]
    public void ResetStateIsFloat32InGymnasiumRange()
    {
        var env = new AcrobotEnv(seed: 3);
        for (int i = 0; i < 50; i++)
        {
            env.Reset();
            var s = env.State;
            foreach (double v in new[] { s.Theta1, s.Theta2, s.Theta1Dot, s.Theta2Dot })
            {
                Assert.InRange(v, -0.1, 0.1);
                Assert.Equal((double)(float)v, v);
            }
        }
    }

    [Fact]
    public void HeavierLinkChangesTheDynamics()
    {
        var light = new AcrobotEnv();
        var heavy = new AcrobotEnv(new AcrobotParameters { Link2Mass = 2 });
        light.Reset(0);
        heavy.Reset(0);
        light.SetState(0.3, 0.2, 0, 0);
        heavy.SetState(0.3, 0.2, 0, 0);
        light.Step(2);
        heavy.Step(2);
        Assert.NotEqual(light.State.Theta1Dot, heavy.State.Theta1Dot);
    }

    [Fact]
    public void PassesTheEnvChecker() => Assert.Empty(EnvChecker.Check(seed => new AcrobotEnv(seed: seed), maxStepsToEnd: 3000));

    [Fact]
    public void StepDoesNotAllocate()
    {
        var env = new AcrobotEnv();
        env.Reset(0);
        long bytes = ClassicControlTestSupport.AllocatedBytes(() =>
        {
            for (int t = 0; t < 100; t++)
            {
                env.SetState(0.1, 0.1, 0, 0);
                env.Step(t % 3);
            }
        });
        Assert.Equal(0, bytes);
    }
}
