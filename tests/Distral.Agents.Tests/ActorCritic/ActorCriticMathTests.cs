using Distral.Agents.ActorCritic;
using Distral.Tensors;

namespace Distral.Agents.Tests.ActorCritic;

public class ActorCriticMathTests
{
    [Fact]
    public void RegularisedRewardAddsTheKlAndEntropyTermsOfTheObjective()
    {
        float logPi0 = MathF.Log(0.2f), logPi = MathF.Log(0.5f);
        // alpha 1, beta 4: R + (1/4)(log pi_0 - log pi_i) = R - KL sample / 4.
        Assert.Equal(-0.1f + (logPi0 - logPi) / 4f, ActorCriticObjective.RegularisedReward(-0.1f, logPi0, logPi, 1f, 4f), 6);
        // alpha 0.5: (alpha/beta) log pi_0 - (1/beta) log pi_i.
        Assert.Equal(1f + 0.5f * logPi0 / 4f - logPi / 4f, ActorCriticObjective.RegularisedReward(1f, logPi0, logPi, 0.5f, 4f), 6);
        // alpha 0 (A3C): only the entropy sample -(1/beta) log pi_i, whatever pi_0 says.
        Assert.Equal(-0.1f - logPi / 4f, ActorCriticObjective.RegularisedReward(-0.1f, float.NegativeInfinity, logPi, 0f, 4f), 6);
    }

    [Fact]
    public void NStepReturnsStopAtTerminalsAndBootstrapAfterTruncations()
    {
        // Two copies, three steps, time-major (t * 2 + n). Copy 0 terminates at t = 1; copy 1 is truncated at t = 0.
        const float gamma = 0.5f;
        float[] rewards = [1f, 2f, 3f, 4f, 5f, 6f];
        bool[] terminated = [false, false, true, false, false, false];
        bool[] truncated = [false, true, false, false, false, false];
        float[] truncationValues = [0f, 10f, 0f, 0f, 0f, 0f];
        float[] bootstrap = [100f, 200f];
        var returns = new float[6];
        ActorCriticObjective.NStepReturns(rewards, terminated, truncated, truncationValues, bootstrap, gamma, 3, 2, returns);
        // Copy 0: t=2 is a new episode bootstrapped from V(s_3) = 100; t=1 terminal: G = 3; t=0: 1 + 0.5 * 3.
        Assert.Equal(5f + 0.5f * 100f, returns[4]);
        Assert.Equal(3f, returns[2]);
        Assert.Equal(1f + 0.5f * 3f, returns[0]);
        // Copy 1: t=0 truncated: G = 2 + 0.5 * V(final obs) = 2 + 5; later steps bootstrap from 200.
        Assert.Equal(6f + 0.5f * 200f, returns[5]);
        Assert.Equal(4f + 0.5f * (6f + 100f), returns[3]);
        Assert.Equal(2f + 0.5f * 10f, returns[1]);
    }

    [Fact]
    public void NStepReturnsMatchTheNaiveForwardSumOnRandomRollouts()
    {
        var rng = new Rng(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int steps = 1 + rng.NextInt(12), columns = 1 + rng.NextInt(5), count = steps * columns;
            float gamma = rng.NextFloat(0.5f, 1f);
            var rewards = new float[count];
            var terminated = new bool[count];
            var truncated = new bool[count];
            var truncationValues = new float[count];
            var bootstrap = new float[columns];
            for (int k = 0; k < count; k++)
            {
                rewards[k] = rng.NextFloat(-1f, 1f);
                float u = rng.NextFloat();
                terminated[k] = u < 0.15f;
                truncated[k] = !terminated[k] && u < 0.25f;
                truncationValues[k] = truncated[k] ? rng.NextFloat(-5f, 5f) : 0f;
            }
            for (int n = 0; n < columns; n++) bootstrap[n] = rng.NextFloat(-5f, 5f);
            var returns = new float[count];
            ActorCriticObjective.NStepReturns(rewards, terminated, truncated, truncationValues, bootstrap, gamma, steps, columns, returns);

            for (int n = 0; n < columns; n++)
            {
                for (int t = 0; t < steps; t++)
                {
                    // Forward: discounted rewards until the episode ends or the unroll does, then the right tail.
                    double expected = 0, discount = 1;
                    int u = t;
                    for (; u < steps; u++)
                    {
                        int k = u * columns + n;
                        expected += discount * rewards[k];
                        discount *= gamma;
                        if (terminated[k]) break;
                        if (truncated[k])
                        {
                            expected += discount * truncationValues[k];
                            break;
                        }
                    }
                    if (u == steps) expected += discount * bootstrap[n];
                    Assert.Equal(expected, returns[t * columns + n], 3);
                }
            }
        }
    }
}
