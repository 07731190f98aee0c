namespace Distral.Agents.ActorCritic;

/// <summary>The scalar equations of the actor-critic objective (distral-math.md, "Policy gradient"), shared with the tests.</summary>
internal static class ActorCriticMath
{
    /// <summary>R^reg = R + (alpha/beta) log pi_0(a|s) - (1/beta) log pi_i(a|s); with alpha = 0 the pi_0 term vanishes (no KL).</summary>
    public static float RegularisedReward(float reward, float logPi0, float logPiI, float alpha, float beta) =>
        alpha == 0f ? reward - logPiI / beta : reward + (alpha * logPi0 - logPiI) / beta;

    /// <summary>
    /// n-step returns over an unroll of <paramref name="steps"/> time-major steps of <paramref name="columns"/> env copies
    /// (entry t*columns + n): G_t = R_t + gamma * next, where next is 0 after a terminal step, the value of the final
    /// observation after a time-limit truncation (<paramref name="truncationValues"/>), G_{t+1} inside an episode, and
    /// <paramref name="bootstrapValues"/>[n] = V(s_steps) after the last step.
    /// </summary>
    public static void NStepReturns(ReadOnlySpan<float> rewards, ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated,
        ReadOnlySpan<float> truncationValues, ReadOnlySpan<float> bootstrapValues, float gamma, int steps, int columns, Span<float> returns)
    {
        int count = steps * columns;
        if (rewards.Length < count || terminated.Length < count || truncated.Length < count || truncationValues.Length < count
            || returns.Length < count || bootstrapValues.Length < columns)
            throw new ArgumentException($"NStepReturns needs {steps} x {columns} entries in every buffer.");
        for (int n = 0; n < columns; n++)
        {
            float next = bootstrapValues[n];
            for (int t = steps - 1; t >= 0; t--)
            {
                int k = t * columns + n;
                if (terminated[k]) next = 0f;
                else if (truncated[k]) next = truncationValues[k];
                next = rewards[k] + gamma * next;
                returns[k] = next;
            }
        }
    }
}
