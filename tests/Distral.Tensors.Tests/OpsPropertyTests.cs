using Distral.Tensors;
using FsCheck;
using FsCheck.Fluent;
using static Distral.Tensors.Tests.OpsTestHelpers;

namespace Distral.Tensors.Tests;

public class OpsPropertyTests
{
    private static readonly Gen<float[]> Logits =
        Gen.Choose(-5000, 5000).Select(v => v * 0.01f).ArrayOf().Where(a => a.Length > 0);

    [Fact]
    public void SoftmaxRowsSumToOneAndIgnoreAConstantShift()
    {
        var inputs = Gen.Zip(Logits, Gen.Choose(-1000, 1000).Select(v => v * 0.1f));
        Prop.ForAll(Arb.From(inputs), ((float[] Row, float Shift) t) =>
        {
            var g = new Graph();
            var p = g.Softmax(g.Input(new Shape(1, t.Row.Length), t.Row)).ToArray();
            var shifted = t.Row.Select(v => v + t.Shift).ToArray();
            var q = g.Softmax(g.Input(new Shape(1, shifted.Length), shifted)).ToArray();
            double sum = p.Sum(v => (double)v);
            return Math.Abs(sum - 1) < 1e-5 && p.Zip(q).All(pq => Math.Abs(pq.First - pq.Second) < 1e-4);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void LogSoftmaxEqualsInputMinusLogSumExp()
    {
        Prop.ForAll(Arb.From(Logits), row =>
        {
            var g = new Graph();
            var x = g.Input(new Shape(row.Length), row);
            var lp = g.LogSoftmax(x).ToArray();
            float lse = g.LogSumExp(x).Item();
            return lp.Select((v, j) => Math.Abs(v - (row[j] - lse)) <= 1e-4f * Math.Max(1f, Math.Abs(v))).All(ok => ok);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void BroadcastAddMatchesNaiveLoopForAnyShapePair()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var rng = new Rng((ulong)seed);
            var (sa, sb) = RandomBroadcastPair(rng);
            var a = RandomParameter(sa, rng);
            var b = RandomParameter(sb, rng);
            var g = new Graph();
            var y = g.Add(a, b);
            var expected = NaiveBroadcast((u, v) => u + v, a, b, y.Shape);
            return expected.AsSpan().SequenceEqual(y.Span);
        }).QuickCheckThrowOnFailure();
    }
}
