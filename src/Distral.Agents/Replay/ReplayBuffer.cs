using Distral.Envs;
using Distral.Tensors;

namespace Distral.Agents.Replay;

/// <summary>
/// A preallocated ring buffer of transitions for one task, stored in episode order so that n-step
/// targets can be formed at sample time. Each slot holds (s, a, r, s', terminated, episodeEnd, t) where
/// t is the time step within the episode (for the gamma^t weights of distillation) and episodeEnd marks
/// the last transition of an episode (terminated or truncated). Adding and sampling allocate nothing.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly float[] _obs;
    private readonly float[] _nextObs;
    private readonly int[] _action;
    private readonly float[] _reward;
    private readonly bool[] _terminated;
    private readonly bool[] _episodeEnd;
    private readonly int[] _timeStep;
    private int _next;

    public ReplayBuffer(int capacity, int observationSize)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), "Replay capacity must be positive.");
        if (observationSize <= 0) throw new ArgumentOutOfRangeException(nameof(observationSize));
        Capacity = capacity;
        ObservationSize = observationSize;
        _obs = new float[capacity * observationSize];
        _nextObs = new float[capacity * observationSize];
        _action = new int[capacity];
        _reward = new float[capacity];
        _terminated = new bool[capacity];
        _episodeEnd = new bool[capacity];
        _timeStep = new int[capacity];
    }

    public int Capacity { get; }
    public int ObservationSize { get; }
    public int Count { get; private set; }

    /// <summary>Total transitions ever added (the ring overwrites the oldest once full).</summary>
    public long TotalAdded { get; private set; }

    /// <summary>
    /// Stores one transition. <paramref name="terminated"/>: s' is terminal (no bootstrap).
    /// <paramref name="truncated"/>: the episode was cut by a time limit (s' still bootstraps).
    /// </summary>
    public void Add(ReadOnlySpan<float> obs, int action, float reward, ReadOnlySpan<float> nextObs,
        bool terminated, bool truncated, int timeStep)
    {
        if (obs.Length != ObservationSize || nextObs.Length != ObservationSize)
            throw new ArgumentException($"Observation size {obs.Length}/{nextObs.Length} differs from the buffer's {ObservationSize}.");
        int i = _next;
        obs.CopyTo(_obs.AsSpan(i * ObservationSize, ObservationSize));
        nextObs.CopyTo(_nextObs.AsSpan(i * ObservationSize, ObservationSize));
        _action[i] = action;
        _reward[i] = reward;
        _terminated[i] = terminated;
        _episodeEnd[i] = terminated || truncated;
        _timeStep[i] = timeStep;
        _next = (i + 1) % Capacity;
        if (Count < Capacity) Count++;
        TotalAdded++;
    }

    /// <summary>
    /// Samples <paramref name="batch"/> indices uniformly (with replacement) and writes, per row, the
    /// n-step target ingredients: the first observation and action, the discounted reward sum over up
    /// to n steps (stopping at the episode's end or the newest transition), the observation to bootstrap
    /// from, the discount to apply to its value (gamma^k, or 0 when the episode terminated inside the
    /// window), and the time step of the first transition. Every later transition of a window (step d >= 1)
    /// is listed as an intermediate transition with its observation, action, row and gamma^d.
    /// </summary>
    public void SampleNStep(Rng rng, int batch, int nSteps, float gamma, NStepBatch into)
    {
        if (Count == 0) throw new InvalidOperationException("Cannot sample from an empty replay buffer.");
        if (nSteps < 1) throw new ArgumentOutOfRangeException(nameof(nSteps));
        into.EnsureCapacity(batch, ObservationSize, nSteps);
        int d = ObservationSize;
        int intermediate = 0;
        // The newest transition sits just before _next; a window may not run past it.
        int newest = (_next - 1 + Capacity) % Capacity;
        for (int row = 0; row < batch; row++)
        {
            int start = OldestIndex() + rng.NextInt(Count);
            start %= Capacity;
            _obs.AsSpan(start * d, d).CopyTo(into.Observations.AsSpan(row * d, d));
            into.Actions[row] = _action[start];
            into.TimeSteps[row] = _timeStep[start];
            float ret = 0, discount = 1;
            int j = start;
            for (int k = 0; k < nSteps; k++)
            {
                if (k > 0)
                {
                    // Transition j is step k of the window: list it so the learner can add its regulariser.
                    _obs.AsSpan(j * d, d).CopyTo(into.IntermediateObservations.AsSpan(intermediate * d, d));
                    into.IntermediateActions[intermediate] = _action[j];
                    into.IntermediateDiscounts[intermediate] = discount;
                    into.IntermediateRows[intermediate] = row;
                    intermediate++;
                }
                ret += discount * _reward[j];
                discount *= gamma;
                if (_terminated[j]) { discount = 0; break; }
                if (_episodeEnd[j] || j == newest || k == nSteps - 1) break;
                j = (j + 1) % Capacity;
            }
            into.Returns[row] = ret;
            into.BootstrapDiscounts[row] = discount;
            _nextObs.AsSpan(j * d, d).CopyTo(into.NextObservations.AsSpan(row * d, d));
        }
        into.Count = batch;
        into.IntermediateCount = intermediate;
    }

    private int OldestIndex() => Count < Capacity ? 0 : _next;

    /// <summary>Writes the contents and ring position (checkpoints); only the filled slots are written.</summary>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteTag("replay");
        writer.Write(Capacity);
        writer.Write(ObservationSize);
        writer.Write(Count);
        writer.Write(_next);
        writer.Write(TotalAdded);
        int n = Count, d = ObservationSize;
        // While filling, the used slots are 0..Count-1; once full, all of them.
        writer.WriteValues<float>(_obs.AsSpan(0, n * d));
        writer.WriteValues<float>(_nextObs.AsSpan(0, n * d));
        writer.WriteValues<int>(_action.AsSpan(0, n));
        writer.WriteValues<float>(_reward.AsSpan(0, n));
        writer.WriteValues<bool>(_terminated.AsSpan(0, n));
        writer.WriteValues<bool>(_episodeEnd.AsSpan(0, n));
        writer.WriteValues<int>(_timeStep.AsSpan(0, n));
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote into a buffer of the same capacity and observation size.</summary>
    public void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.ExpectTag("replay");
        int capacity = reader.ReadInt32(), size = reader.ReadInt32(), count = reader.ReadInt32(), next = reader.ReadInt32();
        long total = reader.ReadInt64();
        if (capacity != Capacity || size != ObservationSize)
            throw new InvalidDataException($"replay state has capacity {capacity} and observation size {size}, this buffer {Capacity} and {ObservationSize}");
        if (count < 0 || count > capacity || next < 0 || next >= capacity || (count < capacity && next != count) || total < count)
            throw new InvalidDataException($"replay state is inconsistent (count {count}, next {next}, total {total})");
        int n = count, d = size;
        reader.ReadValues<float>(_obs.AsSpan(0, n * d), "replay observations");
        reader.ReadValues<float>(_nextObs.AsSpan(0, n * d), "replay next observations");
        reader.ReadValues<int>(_action.AsSpan(0, n), "replay actions");
        reader.ReadValues<float>(_reward.AsSpan(0, n), "replay rewards");
        reader.ReadValues<bool>(_terminated.AsSpan(0, n), "replay terminal flags");
        reader.ReadValues<bool>(_episodeEnd.AsSpan(0, n), "replay episode ends");
        reader.ReadValues<int>(_timeStep.AsSpan(0, n), "replay time steps");
        (Count, _next, TotalAdded) = (count, next, total);
    }

    /// <summary>Forgets everything (capacity and buffers are kept).</summary>
    public void Clear()
    {
        Count = 0;
        _next = 0;
    }
}
