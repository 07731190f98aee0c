namespace Distral.Nn;

/// <summary>
/// The recurrent state (h, c) of an <see cref="Lstm"/> for a batch of independent sequences, kept as plain
/// arrays outside any graph arena. An unroll starts from these values as constants (so no gradient flows into
/// earlier unrolls: truncated backprop through time) and writes its final values back.
/// </summary>
public sealed class LstmState
{
    /// <summary>A zero state for <paramref name="batchSize"/> sequences of <paramref name="hiddenSize"/> units.</summary>
    public LstmState(int batchSize, int hiddenSize)
    {
        if (batchSize <= 0 || hiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"LstmState needs positive sizes, got batch {batchSize}, hidden {hiddenSize}.");
        BatchSize = batchSize;
        HiddenSize = hiddenSize;
        Hidden = new float[batchSize * hiddenSize];
        Cell = new float[batchSize * hiddenSize];
    }

    public int BatchSize { get; }
    public int HiddenSize { get; }

    /// <summary>h, row-major [batch, hidden].</summary>
    public float[] Hidden { get; }

    /// <summary>c, row-major [batch, hidden].</summary>
    public float[] Cell { get; }

    /// <summary>Zeroes every row (all sequences start afresh).</summary>
    public void Reset()
    {
        Array.Clear(Hidden);
        Array.Clear(Cell);
    }

    /// <summary>Zeroes one row (its episode ended; the next step starts a new one).</summary>
    public void ResetRow(int row)
    {
        if ((uint)row >= (uint)BatchSize) throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is outside a batch of {BatchSize}.");
        Hidden.AsSpan(row * HiddenSize, HiddenSize).Clear();
        Cell.AsSpan(row * HiddenSize, HiddenSize).Clear();
    }

    /// <summary>The hidden values of one row.</summary>
    public Span<float> HiddenRow(int row) => Hidden.AsSpan(row * HiddenSize, HiddenSize);

    /// <summary>The cell values of one row.</summary>
    public Span<float> CellRow(int row) => Cell.AsSpan(row * HiddenSize, HiddenSize);

    /// <summary>Copies the values of <paramref name="other"/>, which must have the same sizes (e.g. the state at a rollout's start).</summary>
    public void CopyFrom(LstmState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.BatchSize != BatchSize || other.HiddenSize != HiddenSize)
            throw new ArgumentException($"Cannot copy an LstmState [{other.BatchSize}, {other.HiddenSize}] into [{BatchSize}, {HiddenSize}].");
        other.Hidden.CopyTo(Hidden, 0);
        other.Cell.CopyTo(Cell, 0);
    }

    /// <summary>An independent copy.</summary>
    public LstmState Clone()
    {
        var copy = new LstmState(BatchSize, HiddenSize);
        copy.CopyFrom(this);
        return copy;
    }
}
