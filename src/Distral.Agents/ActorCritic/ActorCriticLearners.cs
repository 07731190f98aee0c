using System.Collections.Concurrent;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// The learners of an <see cref="ActorCriticDistral"/> and the threads that run them. Sync mode: one learner over
/// every task and copy, on the shared networks. Async mode (A3C): one learner per env copy, its local networks a
/// copy owned by its worker thread, its RMSProp optimizers stepping the shared networks with statistics shared by all
/// learners; threads run contiguous blocks of learners round-robin.
/// </summary>
internal static class ActorCriticLearners
{
    /// <summary>The sync learner: acts and learns on <paramref name="networks"/> (all tasks), one optimizer per column.</summary>
    public static ActorCriticLearner[] Synchronous(ActorCriticOptions options, IEnv[] envs, ActorCriticNetworks networks,
        RmsPropSharedState[] statistics, Rng actRng, Rng resetRng, IEpisodeSink sink)
    {
        var columns = networks.Columns;
        // A frozen h has no optimizer (its statistics stay as they are).
        var optimizers = networks.TrainableColumns.Select(c => (Optimizer)new RmsProp(c.Parameters(), statistics[Array.IndexOf(columns, c)],
            LearningRate(options, networks, c), options.RmsPropDecay, options.RmsPropEpsilon)).ToArray();
        return [new ActorCriticLearner(options, envs, options.WorkersPerTask, networks, optimizers, null, actRng, resetRng, sink)];
    }

    /// <summary>
    /// One learner per env copy j (task j / W) pushing gradients into <paramref name="networks"/>; finished episodes go
    /// to <paramref name="episodes"/> (drained by the training thread). <paramref name="createColumns"/> makes a thread's
    /// local copy of every column (the values do not matter: they are refreshed before every unroll).
    /// </summary>
    public static ActorCriticLearner[] Asynchronous(ActorCriticOptions options, IEnv[] envs, ActorCriticNetworks networks,
        RmsPropSharedState[] statistics, Func<(ActorCriticColumn[] Tasks, ActorCriticColumn? Shared, ActorCriticColumn? H)> createColumns,
        Rng actRng, Rng resetRng, ConcurrentQueue<(int Task, int Steps, double Return)> episodes)
    {
        int copies = options.WorkersPerTask, n = options.UnrollLength;
        var sink = new QueueSink(episodes);
        var learners = new ActorCriticLearner[envs.Length];
        // One set of local networks and one graph per worker thread, shared by the learners that thread runs one after
        // another (their values are refreshed before every unroll): a thread's working set then stays in its core's
        // cache instead of cycling through a copy per learner.
        int threadCount = ThreadCount(options, envs.Length);
        var threadLocals = new (ActorCriticColumn[] Tasks, ActorCriticColumn? Shared, ActorCriticColumn? H, Graph Graph)[threadCount];
        for (int k = 0; k < threadCount; k++)
        {
            var (tasks, shared, h) = createColumns();
            threadLocals[k] = (tasks, shared, h, new Graph());
        }
        var all = networks.Columns;
        for (int j = 0; j < envs.Length; j++)
        {
            int task = j / copies;
            var (localTasks, localShared, localH, graph) = threadLocals[ThreadOf(j, envs.Length, threadCount)];
            ActorCriticColumn[] mine = networks.Shared is not null ? [] : [localTasks[task]];
            ActorCriticColumn[] sharedMine = [.. networks.Shared is not null ? [networks.Shared] : new[] { networks.TaskColumns[task] },
                .. networks.H is null ? Array.Empty<ActorCriticColumn>() : [networks.H]];
            var local = new ActorCriticNetworks(options, mine, localShared, localH, [task], 1, n + 1);
            var optimizers = new Optimizer[local.TrainableColumns.Length]; // a frozen h (last) has none
            for (int k = 0; k < optimizers.Length; k++)
            {
                int shared = Array.IndexOf(all, sharedMine[k]);
                optimizers[k] = new RmsProp(all[shared].Parameters(), statistics[shared], LearningRate(options, networks, all[shared]),
                    options.RmsPropDecay, options.RmsPropEpsilon, gradientSources: local.Columns[k].Parameters());
            }
            learners[j] = new ActorCriticLearner(options, [envs[j]], 1, local, optimizers, sharedMine,
                actRng.Fork((ulong)j), resetRng.Fork((ulong)j), sink, graph);
        }
        return learners;
    }

    private static float LearningRate(ActorCriticOptions options, ActorCriticNetworks networks, ActorCriticColumn column) =>
        ReferenceEquals(column, networks.H) ? options.DistilledLearningRate : options.TaskLearningRate;

    /// <summary>Worker threads of the async mode: the option, at most one per learner.</summary>
    public static int ThreadCount(ActorCriticOptions options, int learners) => Math.Min(options.Threads, learners);

    /// <summary>
    /// First learner of thread <paramref name="thread"/>: threads run contiguous blocks of learners (copies of the same
    /// task are adjacent), so most task columns are updated by one thread only and their shared parameters and RMSProp
    /// statistics stay in that core's cache; only h and the columns of tasks split between two blocks move between cores.
    /// </summary>
    private static int BlockStart(int thread, int learners, int threads) => (int)((long)thread * learners / threads);

    private static int ThreadOf(int learner, int learners, int threads)
    {
        int k = 0;
        while (BlockStart(k + 1, learners, threads) <= learner) k++;
        return k;
    }

    /// <summary>
    /// Runs <paramref name="learners"/> on <paramref name="threadCount"/> threads, each its block round-robin, while
    /// <paramref name="keepGoing"/> holds and nothing cancelled; the calling thread calls <paramref name="poll"/> every
    /// few milliseconds until all threads end. Returns the updates made and the first failure of a thread (which stops the others).
    /// </summary>
    public static (long Updates, Exception? Failure) RunOnThreads(ActorCriticLearner[] learners, int threadCount, Func<bool> keepGoing,
        Action poll, CancellationToken cancel)
    {
        long updates = 0;
        Exception? failure = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var threads = new Thread[threadCount];
        for (int k = 0; k < threadCount; k++)
        {
            int first = BlockStart(k, learners.Length, threadCount), end = BlockStart(k + 1, learners.Length, threadCount);
            threads[k] = new Thread(() =>
            {
                try
                {
                    long mine = 0;
                    while (!stop.IsCancellationRequested && keepGoing())
                    {
                        for (int j = first; j < end; j++) learners[j].Update();
                        mine += end - first;
                    }
                    Interlocked.Add(ref updates, mine);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                    stop.Cancel();
                }
            }) { IsBackground = true, Name = $"a3c-worker-{k}" };
            threads[k].Start();
        }
        while (threads.Any(t => t.IsAlive))
        {
            Thread.Sleep(5);
            poll();
        }
        return (Interlocked.Read(ref updates), failure);
    }

    private sealed class QueueSink(ConcurrentQueue<(int, int, double)> queue) : IEpisodeSink
    {
        public void OnEpisodeFinished(int task, int steps, double episodeReturn) => queue.Enqueue((task, steps, episodeReturn));
    }
}
