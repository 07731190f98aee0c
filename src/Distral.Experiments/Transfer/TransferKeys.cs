namespace Distral.Experiments;

/// <summary>Names of the transfer keys (read by every family that can start from a finished run).</summary>
public static class TransferKeys
{
    /// <summary>Run directory whose pi_0 becomes the prior.</summary>
    public const string PriorRun = "prior_run";

    /// <summary>Whether pi_0 keeps learning.</summary>
    public const string PriorTrainable = "prior_trainable";

    /// <summary>Run directory whose trunk initialises the columns.</summary>
    public const string InitFrom = "init_from";
}
