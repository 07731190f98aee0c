namespace Distral.Envs.Tests;

public class ClassicControlTasksTests
{
    private static TaskRegistry Registry()
    {
        var registry = new TaskRegistry();
        ClassicControlTasks.RegisterAll(registry);
        return registry;
    }

    [Fact]
    public void DefaultsAreGymnasiumConstants()
    {
        var c = new CartPoleParameters();
        Assert.Equal((9.8, 1.0, 0.1, 0.5, 10.0, 0.02, 2.4, 500), (c.Gravity, c.CartMass, c.PoleMass, c.PoleHalfLength, c.ForceMagnitude, c.Tau, c.XThreshold, c.MaxEpisodeSteps));
        Assert.Equal(12 * 2 * Math.PI / 360, c.ThetaThresholdRadians);
        var a = new AcrobotParameters();
        Assert.Equal((1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 1.0, 0.2, 0.0, 500), (a.Link1Length, a.Link2Length, a.Link1Mass, a.Link2Mass, a.Link1CenterOfMass, a.Link2CenterOfMass, a.LinkMomentOfInertia, a.Dt, a.TorqueNoiseMax, a.MaxEpisodeSteps));
        Assert.Equal((4 * Math.PI, 9 * Math.PI, 9.8), (a.MaxVelocity1, a.MaxVelocity2, a.Gravity));
        var m = new MountainCarParameters();
        Assert.Equal((0.001, 0.0025, -1.2, 0.6, 0.07, 0.5, 0.0, 200), (m.Force, m.Gravity, m.MinPosition, m.MaxPosition, m.MaxSpeed, m.GoalPosition, m.GoalVelocity, m.MaxEpisodeSteps));
        var p = new PendulumParameters();
        Assert.Equal((10.0, 1.0, 1.0, 0.05, 8.0, 2.0, 200), (p.Gravity, p.Mass, p.Length, p.Dt, p.MaxSpeed, p.MaxTorque, p.MaxEpisodeSteps));
    }

    [Theory]
    [InlineData("cartpole", 4, 2, 500)]
    [InlineData("cartpole-long", 4, 2, 500)]
    [InlineData("cartpole-short", 4, 2, 500)]
    [InlineData("cartpole-heavy", 4, 2, 500)]
    [InlineData("cartpole-random:3", 4, 2, 500)]
    [InlineData("acrobot", 6, 3, 500)]
    [InlineData("acrobot-heavy", 6, 3, 500)]
    [InlineData("acrobot-light", 6, 3, 500)]
    [InlineData("acrobot-lowgrav", 6, 3, 500)]
    [InlineData("acrobot-random:1", 6, 3, 500)]
    [InlineData("mountaincar", 2, 3, 200)]
    [InlineData("mountaincar-strong", 2, 3, 200)]
    [InlineData("mountaincar-lowgrav", 2, 3, 200)]
    [InlineData("mountaincar-random:2", 2, 3, 200)]
    [InlineData("pendulum", 3, 0, 200)]
    [InlineData("pendulum-earth", 3, 0, 200)]
    [InlineData("pendulum-moon", 3, 0, 200)]
    [InlineData("pendulum-long", 3, 0, 200)]
    [InlineData("pendulum-random:0", 3, 0, 200)]
    public void RegisteredTasksPassTheChecker(string name, int observationSize, int actions, int maxSteps)
    {
        var registry = Registry();
        var spec = registry.Get(name);
        Assert.Equal(maxSteps, spec.MaxEpisodeSteps);
        var env = spec.Create(1);
        Assert.Equal(observationSize, env.ObservationSpace.Size);
        if (actions > 0) Assert.Equal(actions, Assert.IsType<Discrete>(env.ActionSpace).N);
        else Assert.Equal(1, Assert.IsType<Box>(env.ActionSpace).Size);
        Assert.Empty(EnvChecker.Check(seed => registry.Make(name, seed), steps: 200, maxStepsToEnd: 3000));
    }

    [Fact]
    public void VariantsUseTheirParameters()
    {
        var registry = Registry();
        Assert.Equal(1.0, Assert.IsType<CartPoleEnv>(registry.Make("cartpole-long")).Parameters.PoleHalfLength);
        Assert.Equal(2.0, Assert.IsType<AcrobotEnv>(registry.Make("acrobot-heavy")).Parameters.Link2Mass);
        Assert.Equal(0.0015, Assert.IsType<MountainCarEnv>(registry.Make("mountaincar-strong")).Parameters.Force);
        Assert.Equal(1.62, Assert.IsType<PendulumEnv>(registry.Make("pendulum-moon")).Parameters.Gravity);
        Assert.Equal(new CartPoleParameters(), Assert.IsType<CartPoleEnv>(registry.Make("cartpole")).Parameters);
    }

    [Fact]
    public void RandomFamiliesAreDeterministicPerMemberAndInRange()
    {
        Assert.Equal(ClassicControlTasks.RandomCartPole(5), ClassicControlTasks.RandomCartPole(5));
        Assert.NotEqual(ClassicControlTasks.RandomCartPole(5), ClassicControlTasks.RandomCartPole(6));
        for (int k = 0; k < 20; k++)
        {
            var c = ClassicControlTasks.RandomCartPole(k);
            Assert.InRange(c.PoleHalfLength, 0.25, 1.0);
            Assert.InRange(c.PoleMass, 0.05, 0.5);
            Assert.InRange(c.CartMass, 0.5, 2.0);
            var m = ClassicControlTasks.RandomMountainCar(k);
            Assert.InRange(m.Force, 0.001, 0.0015);
            Assert.InRange(m.Gravity, 0.002, 0.0025);
            var p = ClassicControlTasks.RandomPendulum(k);
            Assert.InRange(p.Gravity, 5, 15);
            var a = ClassicControlTasks.RandomAcrobot(k);
            Assert.InRange(a.Link2Mass, 0.5, 1.5);
        }
        var registry = Registry();
        Assert.Equal(ClassicControlTasks.RandomPendulum(7), Assert.IsType<PendulumEnv>(registry.Make("pendulum-random:7")).Parameters);
    }

    [Fact]
    public void InvalidParametersAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new CartPoleEnv(new CartPoleParameters { PoleMass = 0 }));
        Assert.Throws<ArgumentException>(() => new AcrobotEnv(new AcrobotParameters { Dt = -1 }));
        Assert.Throws<ArgumentException>(() => new MountainCarEnv(new MountainCarParameters { MinPosition = 1 }));
        Assert.Throws<ArgumentException>(() => new PendulumEnv(new PendulumParameters { MaxTorque = 0 }));
    }
}
