using Distral.Experiments;

namespace Distral.Cli;

/// <summary>
/// Verb dispatch. Each verb lives in its own file and registers here; user errors are reported as one
/// line on stderr with exit code 2, so scripts can tell them from crashes (docs/cli.md).
/// </summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int UserError = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine("usage: distral <verb> [options]");
            stdout.WriteLine("verbs: env, train, eval, compare, sweep, show, report, bench");
            stdout.WriteLine("  env list [--json] | env show NAME|FILE   built-in tasks and map pictures");
            stdout.WriteLine("  train [--config FILE] [--seed N] [--out DIR] [--episodes N] [--tasks a,b] [--set k=v]... [--quiet]");
            stdout.WriteLine("                                           train agents (no --config: the two-room demo); 'train --help'");
            stdout.WriteLine("  train --resume DIR [--episodes N]        continue an interrupted run, or train a finished one further");
            stdout.WriteLine("  eval RUN_DIR [--tasks a,b] [--episodes N] [--stochastic] [--distilled] [--policy taskK|distilled] [--json]");
            stdout.WriteLine("                                           evaluate a trained run's policies on its tasks or new ones; 'eval --help'");
            stdout.WriteLine("  compare CONFIG... [--seeds 1..5] [--jobs J] [--out DIR]  configs x seeds in parallel, one report; 'compare --help'");
            stdout.WriteLine("  sweep CONFIG --grid key=v1,v2 [--grid ...] [--seeds 1..4]  hyperparameter grid, best point by AUC; 'sweep --help'");
            stdout.WriteLine("  show RUN_DIR [--policy taskK|distilled] [--task NAME] [--corridor] [--svg FILE]  policy arrows; 'show --help'");
            stdout.WriteLine("  report DIR [DIR...] [--out FILE]         HTML report with learning curves from run directories; 'report --help'");
            stdout.WriteLine("  bench [--json] [--rounds N] [--threads 1|2] [--scaling] [--ac]  speed of the soft-Q schedule, kernels, actor-critic; 'bench --help'");
            return Ok;
        }
        try
        {
            return args[0] switch
            {
                "env" => EnvCommand.Run(args[1..], stdout),
                "train" => TrainCommand.Run(args[1..], stdout, stderr),
                "eval" => EvalCommand.Run(args[1..], stdout),
                "compare" => CompareCommand.Run(args[1..], stdout),
                "sweep" => SweepCommand.Run(args[1..], stdout),
                "show" => ShowCommand.Run(args[1..], stdout),
                "report" => ReportCommand.Run(args[1..], stdout),
                "bench" => BenchCommand.Run(args[1..], stdout),
                "report-table" => TrainReportCommand.Run(args[1..], stdout),
                _ => Fail(stderr, $"distral: unknown verb '{args[0]}' (try 'distral --help')"),
            };
        }
        catch (UserErrorException e)
        {
            return Fail(stderr, "distral: " + e.Message);
        }
        catch (ConfigException e)
        {
            return Fail(stderr, "distral: " + OneLine(e.Message));
        }
    }

    internal static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine(message);
        return UserError;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
