namespace Distral.Agents.PolicyDistillation;

/// <summary>
/// The periodic comparison with the teachers: every <see cref="PolicyDistillationOptions.TeacherCheckEvery"/> updates
/// the greedy student plays one episode per task on the <see cref="TeacherMatchCheck"/> envs and matches the task when
/// that episode is done within the teacher's greedy length there (computed once). It uses no random stream and no
/// training env, so training is the same with or without it; each student episode stops at the teacher's length, so a
/// check costs at most the sum of the teachers' lengths in single-state forwards.
/// </summary>
public sealed partial class PolicyDistillationStudent
{
    private const string MatchName = "teacher_match";
    private const int HardCap = 1_000_000; // a teacher episode on an env without a time limit still ends
    private readonly TeacherMatchCheck? _check;
    private readonly float[] _checkObs;
    private int[]? _teacherLengths;

    /// <summary>The first check at which the student matched its teachers on every task; null before (or without checks).</summary>
    public TeachersReached? ReachedTeachers { get; private set; }

    /// <summary>
    /// Tasks on which the greedy student's episode of the check is done within the teacher's greedy length; needs a
    /// <see cref="TeacherMatchCheck"/>.
    /// </summary>
    public int TasksMatchingTeachers()
    {
        var check = Check();
        var lengths = TeacherCheckLengths();
        int matched = 0;
        for (int i = 0; i < _tasks.Length; i++)
            if (CheckEpisode(check, i, teacher: false, lengths[i]) <= lengths[i]) matched++;
        return matched;
    }

    /// <summary>The teachers' greedy episode lengths on the check's episodes (played once, then kept).</summary>
    public IReadOnlyList<int> TeacherCheckLengths()
    {
        var check = Check();
        if (_teacherLengths is null)
        {
            var lengths = new int[_tasks.Length];
            for (int i = 0; i < lengths.Length; i++) lengths[i] = CheckEpisode(check, i, teacher: true, HardCap);
            _teacherLengths = lengths;
        }
        return _teacherLengths;
    }

    private TeacherMatchCheck Check() => _check ?? throw new InvalidOperationException("This student was built without a teacher check.");

    // After a round whose updates reached a multiple of the check period (the schedule is the update count, which
    // checkpoints keep, so a resumed run checks at the same updates).
    private void CheckTeachersAfter(long updatesBefore, ITrainingObserver observer)
    {
        int every = _options.TeacherCheckEvery;
        if (_check is null || every == 0 || Updates / every == updatesBefore / every) return;
        int matched = TasksMatchingTeachers();
        observer.OnDiagnostic(new(MatchName, DiagnosticKind.Statistic, TrainingDiagnostic.SharedTask, (double)matched / _tasks.Length, EnvSteps));
        if (matched == _tasks.Length && ReachedTeachers is null) ReachedTeachers = new TeachersReached(Updates, EnvSteps);
    }

    /// <summary>Steps of one greedy episode (student or teacher) of the check, or cap + 1 when not done within cap steps.</summary>
    private int CheckEpisode(TeacherMatchCheck check, int task, bool teacher, int cap)
    {
        var env = check.Envs[task];
        var obs = _checkObs;
        env.Reset(check.ResetSeeds[task]).Observation.CopyTo(obs);
        for (int steps = 1; steps <= cap; steps++)
        {
            int action = teacher ? TeacherAction(task, obs) : Act(task, obs, greedy: true);
            var step = env.Step(action);
            if (step.Done) return steps;
            step.Observation.CopyTo(obs);
        }
        return cap + 1;
    }
}
