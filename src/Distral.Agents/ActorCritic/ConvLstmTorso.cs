using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// The recurrent torso for pixel observations (the maze tasks' egocentric RGB view): each row of
/// [T*N, channels*height*width] channel-major floats is reshaped to an image, passed through two convolutions
/// (k3 s1 p1, then k3 s2 p1, each with a fused activation), flattened, a dense layer with the same activation,
/// then an LSTM unrolled over the T time-major steps from the given state (truncated backprop through time:
/// the state carries across calls as constants; rows flagged as episode starts begin from zero).
/// </summary>
public sealed class ConvLstmTorso : Torso
{
    private readonly Conv2d _conv1;
    private readonly Conv2d _conv2;
    private readonly Linear _dense;
    private readonly Lstm _lstm;
    private readonly int _flatSize;

    /// <summary>The default maze torso: 16 and 32 filters, a 128-unit dense layer and a 128-unit LSTM.</summary>
    public ConvLstmTorso(int channels, int height, int width, Rng rng)
        : this(channels, height, width, 16, 32, 128, 128, rng)
    {
    }

    /// <summary>
    /// Creates the torso for images of <paramref name="channels"/> x <paramref name="height"/> x
    /// <paramref name="width"/>, initialising conv1, conv2, dense and LSTM from <paramref name="rng"/> in that order.
    /// </summary>
    public ConvLstmTorso(int channels, int height, int width, int conv1Channels, int conv2Channels, int denseSize, int lstmSize,
        Rng rng, Activation activation = Activation.Relu)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(channels),
                $"ConvLstmTorso needs a positive image shape, got {channels} x {height} x {width}.");
        if (conv1Channels <= 0 || conv2Channels <= 0 || denseSize <= 0 || lstmSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(conv1Channels),
                $"ConvLstmTorso needs positive layer sizes, got conv {conv1Channels}, {conv2Channels}, dense {denseSize}, lstm {lstmSize}.");
        Channels = channels;
        Height = height;
        Width = width;
        _conv1 = RegisterModule("conv1", new Conv2d(channels, conv1Channels, 3, rng, stride: 1, padding: 1, activation: activation));
        _conv2 = RegisterModule("conv2", new Conv2d(conv1Channels, conv2Channels, 3, rng, stride: 2, padding: 1, activation: activation));
        var (h1, w1) = _conv1.OutputSize(height, width);
        var (h2, w2) = _conv2.OutputSize(h1, w1);
        _flatSize = conv2Channels * h2 * w2;
        _dense = RegisterModule("dense", new Linear(_flatSize, denseSize, rng, activation: activation));
        _lstm = RegisterModule("lstm", new Lstm(denseSize, lstmSize, rng));
    }

    /// <summary>Channels of the input image.</summary>
    public int Channels { get; }

    /// <summary>Rows of the input image.</summary>
    public int Height { get; }

    /// <summary>Columns of the input image.</summary>
    public int Width { get; }

    /// <summary>Floats per observation row: channels * height * width.</summary>
    public int ObservationSize => Channels * Height * Width;

    /// <inheritdoc />
    public override int FeatureSize => _lstm.HiddenSize;

    /// <inheritdoc />
    public override bool IsRecurrent => true;

    /// <inheritdoc />
    public override LstmState NewState(int rows) => _lstm.NewState(rows);

    /// <summary>
    /// Features [T*N, FeatureSize] of time-major <paramref name="observations"/> [T*N, ObservationSize], unrolled
    /// from <paramref name="state"/> (N rows, updated to the final step). Without a state, every row is one step
    /// from a zero state.
    /// </summary>
    public override Tensor Features(Graph g, Tensor observations, LstmState? state, ReadOnlySpan<bool> episodeStarts)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Shape.Rank != 2 || observations.Shape[1] != ObservationSize || observations.Shape[0] == 0)
            throw new ArgumentException(
                $"ConvLstmTorso needs observations [rows, {ObservationSize}] ({Channels} x {Height} x {Width}), got {observations.Shape}.");
        int rows = observations.Shape[0];
        var image = g.Reshape(observations, new Shape(rows, Channels, Height, Width));
        var conv = _conv2.Forward(g, _conv1.Forward(g, image));
        var dense = _dense.Forward(g, g.Reshape(conv, new Shape(rows, _flatSize)));
        return state is null ? _lstm.Forward(g, dense) : _lstm.UnrollTimeMajor(g, dense, state, episodeStarts);
    }
}
