using Distral.Envs;

namespace Distral.Experiments;

/// <summary>Reports every step of task <c>task</c> to the shared <see cref="ScheduleRoundMeter"/>.</summary>
internal sealed class MeteredEnv(IEnv inner, ScheduleRoundMeter meter, int task) : Wrapper(inner)
{
    public override StepResult Step(int action)
    {
        meter.BeforeStep(task);
        return Inner.Step(action);
    }
}
