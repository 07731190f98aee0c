using Distral.Envs;
using FsCheck;
using FsCheck.Fluent;

namespace Distral.Envs.Tests;

public class GridPropertyTests
{
    private static readonly Gen<(int Plan, int[] Actions)> Episodes =
        Gen.Zip(Gen.Choose(1, 8), Gen.Choose(0, 3).ArrayOf());

    [Fact]
    public void RandomActionSequencesKeepTheAgentOnFreeCellsAndObservationsInTheBox()
    {
        Prop.ForAll(Arb.From(Episodes), ((int Plan, int[] Actions) e) =>
        {
            var env = new GridWorld(ThesisPlans.Map(e.Plan));
            var obs = env.Reset(e.Plan).Observation;
            bool ok = env.ObservationSpace.Contains(obs) && env.Map.IsFree(env.Agent);
            foreach (int a in e.Actions)
            {
                var s = env.Step(a);
                ok &= env.ObservationSpace.Contains(s.Observation) && env.Map.IsFree(env.Agent);
                ok &= s.Terminated == (env.Agent == env.Map.Goal);
                ok &= s.Reward is -0.1f or -0.6f or 0.9f;
                if (s.Done) env.Reset();
            }
            return ok;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void AManhattanStepChangesBfsDistanceByAtMostOne()
    {
        Prop.ForAll(Arb.From(Episodes), ((int Plan, int[] Actions) e) =>
        {
            var env = new GridWorld(ThesisPlans.Map(e.Plan));
            var dist = env.Map.DistancesTo(env.Map.Goal);
            env.Reset(0);
            foreach (int a in e.Actions)
            {
                int before = dist[env.Map.CellIndex(env.Agent)];
                var s = env.Step(a);
                int after = dist[env.Map.CellIndex(env.Agent)];
                if (Math.Abs(after - before) > 1) return false;
                if (s.Done) env.Reset();
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
