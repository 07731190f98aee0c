using System.Globalization;
using Distral.Tensors;

namespace Distral.Envs;

/// <summary>
/// Registers the classic-control tasks: Gymnasium's standard versions (cartpole, acrobot, mountaincar, pendulum),
/// fixed physical variants for multitask use, and "-random" families whose member k draws its physics from a
/// generator seeded by k (e.g. "cartpole-random:3").
/// </summary>
public static class ClassicControlTasks
{
    /// <summary>Adds every classic-control task to <paramref name="registry"/>.</summary>
    public static void RegisterAll(TaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var cartPole = new CartPoleParameters();
        AddCartPole(registry, "cartpole", "CartPole-v1 (Gymnasium): balance a pole on a cart, +1 per step", cartPole);
        AddCartPole(registry, "cartpole-long", "CartPole with a pole twice as long (half-length 1.0)", cartPole with { PoleHalfLength = 1.0 });
        AddCartPole(registry, "cartpole-short", "CartPole with a pole half as long (half-length 0.25)", cartPole with { PoleHalfLength = 0.25 });
        AddCartPole(registry, "cartpole-heavy", "CartPole with a heavy pole (mass 0.5)", cartPole with { PoleMass = 0.5 });
        registry.Register(Family("cartpole-random", "CartPole family: member k draws pole half-length in [0.25, 1], pole mass in [0.05, 0.5], cart mass in [0.5, 2]",
            cartPole.MaxEpisodeSteps, k => CartPoleSpec($"cartpole-random:{k}", RandomCartPole(k))));

        var acrobot = new AcrobotParameters();
        AddAcrobot(registry, "acrobot", "Acrobot-v1 (Gymnasium): swing the tip above the bar, -1 per step", acrobot);
        AddAcrobot(registry, "acrobot-heavy", "Acrobot with a heavy second link (mass 2)", acrobot with { Link2Mass = 2.0 });
        AddAcrobot(registry, "acrobot-light", "Acrobot with a light second link (mass 0.5)", acrobot with { Link2Mass = 0.5 });
        AddAcrobot(registry, "acrobot-lowgrav", "Acrobot under half gravity (4.9)", acrobot with { Gravity = 4.9 });
        registry.Register(Family("acrobot-random", "Acrobot family: member k draws both link masses in [0.5, 1.5] and gravity in [6, 12]",
            acrobot.MaxEpisodeSteps, k => AcrobotSpec($"acrobot-random:{k}", RandomAcrobot(k))));

        var car = new MountainCarParameters();
        AddMountainCar(registry, "mountaincar", "MountainCar-v0 (Gymnasium): drive up the right hill, -1 per step", car);
        AddMountainCar(registry, "mountaincar-strong", "MountainCar with a stronger engine (force 0.0015)", car with { Force = 0.0015 });
        AddMountainCar(registry, "mountaincar-lowgrav", "MountainCar with weaker gravity (0.002)", car with { Gravity = 0.002 });
        registry.Register(Family("mountaincar-random", "MountainCar family: member k draws force in [0.001, 0.0015] and gravity in [0.002, 0.0025]",
            car.MaxEpisodeSteps, k => MountainCarSpec($"mountaincar-random:{k}", RandomMountainCar(k))));

        var pendulum = new PendulumParameters();
        AddPendulum(registry, "pendulum", "Pendulum-v1 (Gymnasium, g = 10): swing up and hold with torque in [-2, 2]", pendulum);
        AddPendulum(registry, "pendulum-earth", "Pendulum with g = 9.81", pendulum with { Gravity = 9.81 });
        AddPendulum(registry, "pendulum-moon", "Pendulum with g = 1.62", pendulum with { Gravity = 1.62 });
        AddPendulum(registry, "pendulum-long", "Pendulum with length 1.5", pendulum with { Length = 1.5 });
        registry.Register(Family("pendulum-random", "Pendulum family: member k draws g in [5, 15], mass and length in [0.8, 1.2]",
            pendulum.MaxEpisodeSteps, k => PendulumSpec($"pendulum-random:{k}", RandomPendulum(k))));
    }

    /// <summary>The physics of cartpole-random:k.</summary>
    public static CartPoleParameters RandomCartPole(int k)
    {
        var rng = MemberRng(1, k);
        return new CartPoleParameters
        {
            PoleHalfLength = Draw(rng, 0.25, 1.0),
            PoleMass = Draw(rng, 0.05, 0.5),
            CartMass = Draw(rng, 0.5, 2.0),
        };
    }

    /// <summary>The physics of acrobot-random:k.</summary>
    public static AcrobotParameters RandomAcrobot(int k)
    {
        var rng = MemberRng(2, k);
        return new AcrobotParameters { Link1Mass = Draw(rng, 0.5, 1.5), Link2Mass = Draw(rng, 0.5, 1.5), Gravity = Draw(rng, 6, 12) };
    }

    /// <summary>The constants of mountaincar-random:k.</summary>
    public static MountainCarParameters RandomMountainCar(int k)
    {
        var rng = MemberRng(3, k);
        return new MountainCarParameters { Force = Draw(rng, 0.001, 0.0015), Gravity = Draw(rng, 0.002, 0.0025) };
    }

    /// <summary>The constants of pendulum-random:k.</summary>
    public static PendulumParameters RandomPendulum(int k)
    {
        var rng = MemberRng(4, k);
        return new PendulumParameters { Gravity = Draw(rng, 5, 15), Mass = Draw(rng, 0.8, 1.2), Length = Draw(rng, 0.8, 1.2) };
    }

    private static Rng MemberRng(ulong family, int k)
    {
        if (k < 0) throw new EnvException($"task family member index must be >= 0 (got {k.ToString(CultureInfo.InvariantCulture)})");
        return new Rng(unchecked(family * 0xD1B54A32D192ED03UL + (ulong)k));
    }

    // Rounded to 4 significant digits so task descriptions are readable and reproducible as text.
    private static double Draw(Rng rng, double low, double high)
    {
        double value = low + (high - low) * rng.NextDouble();
        return double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static TaskSpec Family(string name, string description, int maxEpisodeSteps, Func<int, TaskSpec> member) =>
        new(name, description, seed => member(0).Create(seed)) { MaxEpisodeSteps = maxEpisodeSteps, Member = member };

    private static void AddCartPole(TaskRegistry registry, string name, string description, CartPoleParameters p) =>
        registry.Register(CartPoleSpec(name, p) with { Description = description });

    private static void AddAcrobot(TaskRegistry registry, string name, string description, AcrobotParameters p) =>
        registry.Register(AcrobotSpec(name, p) with { Description = description });

    private static void AddMountainCar(TaskRegistry registry, string name, string description, MountainCarParameters p) =>
        registry.Register(MountainCarSpec(name, p) with { Description = description });

    private static void AddPendulum(TaskRegistry registry, string name, string description, PendulumParameters p) =>
        registry.Register(PendulumSpec(name, p) with { Description = description });

    private static TaskSpec CartPoleSpec(string name, CartPoleParameters p) =>
        new(name, Format($"CartPole: pole half-length {p.PoleHalfLength}, pole mass {p.PoleMass}, cart mass {p.CartMass}"),
            seed => new CartPoleEnv(p, seed ?? 0)) { MaxEpisodeSteps = p.MaxEpisodeSteps };

    private static TaskSpec AcrobotSpec(string name, AcrobotParameters p) =>
        new(name, Format($"Acrobot: link masses {p.Link1Mass} and {p.Link2Mass}, gravity {p.Gravity}"),
            seed => new AcrobotEnv(p, seed ?? 0)) { MaxEpisodeSteps = p.MaxEpisodeSteps };

    private static TaskSpec MountainCarSpec(string name, MountainCarParameters p) =>
        new(name, Format($"MountainCar: force {p.Force}, gravity {p.Gravity}"),
            seed => new MountainCarEnv(p, seed ?? 0)) { MaxEpisodeSteps = p.MaxEpisodeSteps };

    private static TaskSpec PendulumSpec(string name, PendulumParameters p) =>
        new(name, Format($"Pendulum: g {p.Gravity}, mass {p.Mass}, length {p.Length}"),
            seed => new PendulumEnv(p, seed ?? 0)) { MaxEpisodeSteps = p.MaxEpisodeSteps };

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
