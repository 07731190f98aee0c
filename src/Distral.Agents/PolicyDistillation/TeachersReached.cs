namespace Distral.Agents.PolicyDistillation;

/// <summary>
/// When a student first matched its teachers on every task (its greedy episode no longer than the teacher's):
/// the student's update count and total env steps at that check.
/// </summary>
/// <param name="Updates">Distillation updates done (each fits every task once).</param>
/// <param name="EnvSteps">Env steps of the student's collection, all tasks.</param>
public readonly record struct TeachersReached(long Updates, long EnvSteps);
