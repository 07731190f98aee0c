namespace Distral.Tensors.Kernels;

/// <summary>
/// One dedicated background thread that runs half of a large multiply. Reused for every call (no task or
/// delegate allocation); a call that finds it busy simply runs single-threaded, which gives the same bits.
/// </summary>
internal static class SgemmWorker
{
    private static readonly Lock s_gate = new();
    private static readonly ManualResetEventSlim s_start = new(false);
    private static readonly ManualResetEventSlim s_done = new(false);
    private static Thread? s_thread;
    private static GemmJob s_job;
    private static int s_i0, s_i1, s_j0, s_j1;
    private static Exception? s_error;

    public static bool TryRunSplit(in GemmJob job)
    {
        if (!s_gate.TryEnter()) return false;
        try
        {
            int m = job.M, n = job.N;
            int i0 = 0, i1 = m, j0 = 0, j1 = n;
            // Split on tile boundaries, along N when there are enough column strips, otherwise along M.
            if (n >= 2 * Sgemm.NR)
            {
                int split = (n / 2 + Sgemm.NR - 1) / Sgemm.NR * Sgemm.NR;
                (j1, s_j0, s_j1, s_i0, s_i1) = (split, split, n, 0, m);
            }
            else if (m >= 2 * Sgemm.MR)
            {
                int split = (m / 2 + Sgemm.MR - 1) / Sgemm.MR * Sgemm.MR;
                (i1, s_i0, s_i1, s_j0, s_j1) = (split, split, m, 0, n);
            }
            else return false;

            if (s_thread is null)
            {
                s_thread = new Thread(Loop) { IsBackground = true, Name = "Distral SGEMM worker" };
                s_thread.Start();
            }
            s_job = job;
            s_error = null;
            s_done.Reset();
            s_start.Set();
            try
            {
                job.Run(i0, i1, j0, j1);
            }
            finally
            {
                s_done.Wait();
            }
            if (s_error is not null) throw new InvalidOperationException("The SGEMM worker thread failed.", s_error);
            return true;
        }
        finally
        {
            s_gate.Exit();
        }
    }

    private static void Loop()
    {
        while (true)
        {
            s_start.Wait();
            s_start.Reset();
            try
            {
                s_job.Run(s_i0, s_i1, s_j0, s_j1);
            }
            catch (Exception e)
            {
                s_error = e;
            }
            s_done.Set();
        }
    }
}
