namespace Distral.Envs;

/// <summary>Breadth-first search on 4-connected tile grids, into caller-provided buffers (no allocation).</summary>
internal static class MazeBfs
{
    /// <summary>Fills <paramref name="distance"/> with BFS distances from <paramref name="source"/>; -1 where unreachable.</summary>
    public static void Distances(ReadOnlySpan<bool> blocked, int rows, int cols, int source, Span<int> distance, Span<int> queue)
    {
        distance[..(rows * cols)].Fill(-1);
        if (blocked[source]) return;
        int head = 0, tail = 0;
        distance[source] = 0;
        queue[tail++] = source;
        while (head < tail)
        {
            int index = queue[head++];
            int r = index / cols, c = index % cols;
            int next = distance[index] + 1;
            if (r > 0) Visit(blocked, distance, queue, ref tail, index - cols, next);
            if (r < rows - 1) Visit(blocked, distance, queue, ref tail, index + cols, next);
            if (c > 0) Visit(blocked, distance, queue, ref tail, index - 1, next);
            if (c < cols - 1) Visit(blocked, distance, queue, ref tail, index + 1, next);
        }
    }

    private static void Visit(ReadOnlySpan<bool> blocked, Span<int> distance, Span<int> queue, ref int tail, int neighbour, int value)
    {
        if (blocked[neighbour] || distance[neighbour] >= 0) return;
        distance[neighbour] = value;
        queue[tail++] = neighbour;
    }
}
