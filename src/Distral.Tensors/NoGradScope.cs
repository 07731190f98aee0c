namespace Distral.Tensors;

/// <summary>Restores gradient recording when disposed; returned by <see cref="Graph.NoGrad"/>.</summary>
public readonly struct NoGradScope : IDisposable
{
    private readonly Graph? _graph;
    private readonly bool _previous;

    internal NoGradScope(Graph graph, bool previous)
    {
        _graph = graph;
        _previous = previous;
    }

    public void Dispose()
    {
        if (_graph is not null) _graph.GradEnabled = _previous;
    }
}
