using System.Globalization;
using Distral.Tensors;

namespace Distral.Envs;

/// <summary>
/// Checks an env against the <see cref="IEnv"/> contract, like Gymnasium's env checker: spaces, Step before
/// Reset, observation conformance, finite rewards, seed determinism, Step after the end throws.
/// Returns the problems found (empty = passed).
/// </summary>
public static class EnvChecker
{
    /// <summary>Checks envs made by <paramref name="factory"/> (called with a seed; each call must give a fresh env).</summary>
    /// <param name="factory">Creates a fresh env from a seed.</param>
    /// <param name="steps">Random-action steps per determinism run.</param>
    /// <param name="maxStepsToEnd">Budget of random steps spent trying to finish an episode.</param>
    public static IReadOnlyList<string> Check(Func<int, IEnv> factory, int steps = 300, int maxStepsToEnd = 20_000)
    {
        var problems = new List<string>();
        var env = factory(7);
        if (env.ObservationSpace is null || env.ObservationSpace.Size <= 0) problems.Add("ObservationSpace must be a non-empty Box.");
        if (env.ActionSpace is not (Discrete or Box)) problems.Add("ActionSpace must be Discrete or Box.");
        if (problems.Count > 0) return problems;

        ExpectThrows<InvalidOperationException>(problems, "Step before Reset", () => StepRandom(env, new Rng(1)));

        var reset = env.Reset(11);
        CheckObservation(problems, env, reset.Observation, "Reset");

        ulong a = Trajectory(env, 42, steps, problems);
        ulong b = Trajectory(env, 42, steps, problems);
        ulong c = Trajectory(factory(7), 42, steps, problems);
        if (a != b) problems.Add("Reset(seed) is not deterministic: the same seed and actions gave a different trajectory.");
        if (a != c) problems.Add("Two envs from the same factory seed, reset with the same seed, differ.");

        // Run random actions until an episode ends, then a further Step must throw.
        env.Reset(3);
        var rng = new Rng(5);
        bool ended = false;
        for (int t = 0; t < maxStepsToEnd && !ended; t++) ended = StepRandom(env, rng);
        if (ended) ExpectThrows<InvalidOperationException>(problems, "Step after the episode ended", () => StepRandom(env, rng));

        if (env.ActionSpace is Discrete d)
        {
            env.Reset(3);
            ExpectThrows<ArgumentOutOfRangeException>(problems, "Step with an action outside the Discrete space", () => env.Step(d.Start + d.N));
            ExpectThrows<NotSupportedException>(problems, "Step(ReadOnlySpan<float>) on a discrete env", () => env.Step(new float[1]));
        }
        else
        {
            env.Reset(3);
            ExpectThrows<NotSupportedException>(problems, "Step(int) on a continuous env", () => env.Step(0));
        }
        return problems.Distinct().ToList();
    }

    // Steps with a random action; returns true when the episode ended.
    private static bool StepRandom(IEnv env, Rng rng)
    {
        if (env.ActionSpace is Discrete d) return env.Step(d.Sample(rng)).Done;
        var box = (Box)env.ActionSpace;
        Span<float> action = stackalloc float[box.Size];
        box.Sample(rng, action);
        return env.Step(action).Done;
    }

    // Hash of observations and rewards over a seeded run (resets without seed when an episode ends).
    private static ulong Trajectory(IEnv env, int seed, int steps, List<string> problems)
    {
        var rng = new Rng(99);
        ulong hash = 1469598103934665603UL;
        var r0 = env.Reset(seed);
        CheckObservation(problems, env, r0.Observation, "Reset");
        Mix(ref hash, r0.Observation);
        Span<float> action = stackalloc float[env.ActionSpace.Size];
        for (int t = 0; t < steps; t++)
        {
            StepResult r;
            if (env.ActionSpace is Discrete d) r = env.Step(d.Sample(rng));
            else
            {
                ((Box)env.ActionSpace).Sample(rng, action);
                r = env.Step(action);
            }
            CheckObservation(problems, env, r.Observation, "Step");
            if (!float.IsFinite(r.Reward)) problems.Add($"Step returned a non-finite reward ({r.Reward.ToString(CultureInfo.InvariantCulture)}).");
            Mix(ref hash, r.Observation);
            Mix(ref hash, [r.Reward, r.Terminated ? 1 : 0, r.Truncated ? 1 : 0]);
            if (r.Done)
            {
                var again = env.Reset();
                CheckObservation(problems, env, again.Observation, "Reset");
                Mix(ref hash, again.Observation);
            }
        }
        return hash;
    }

    private static void CheckObservation(List<string> problems, IEnv env, ReadOnlySpan<float> obs, string where)
    {
        if (obs.Length != env.ObservationSpace.Size)
            problems.Add($"{where} returned {obs.Length} observation values; the space has {env.ObservationSpace.Size}.");
        else if (!env.ObservationSpace.Contains(obs))
            problems.Add($"{where} returned an observation outside the ObservationSpace ({env.ObservationSpace}).");
    }

    private static void Mix(ref ulong hash, ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            hash ^= BitConverter.SingleToUInt32Bits(v);
            hash *= 1099511628211UL;
        }
    }

    private static void ExpectThrows<T>(List<string> problems, string what, Action action) where T : Exception
    {
        try
        {
            action();
            problems.Add($"{what} should throw {typeof(T).Name} but did not.");
        }
        catch (T)
        {
        }
        catch (Exception e)
        {
            problems.Add($"{what} should throw {typeof(T).Name} but threw {e.GetType().Name}.");
        }
    }
}
