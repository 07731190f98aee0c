using Distral.Experiments;

namespace Distral.Cli;

/// <summary>
/// Verb dispatch. Each verb lives in its own file and registers here; user errors are reported as one
/// line on stderr with exit code 2 (see shared/reference/cli-contract.md).
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
            stdout.WriteLine("verbs: env, train, bench, report");
            stdout.WriteLine("  env list [--json] | env show NAME|FILE   built-in tasks and map pictures");
            stdout.WriteLine("  train [--config FILE] [--seed N] [--out DIR] [--episodes N] [--tasks a,b] [--set k=v]... [--quiet]");
            stdout.WriteLine("                                           train agents (no --config: the two-room demo); 'train --help'");
            stdout.WriteLine("  report DIR [DIR...] [--out FILE]         HTML report with learning curves from run directories; 'report --help'");
            stdout.WriteLine("  bench [--json] [--rounds N] [--threads 1|2] [--scaling]  speed of the soft-Q schedule and kernels; 'bench --help'");
            return Ok;
        }
        try
        {
            return args[0] switch
            {
                "env" => EnvCommand.Run(args[1..], stdout),
                "train" => TrainCommand.Run(args[1..], stdout),
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
