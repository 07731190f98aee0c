using Distral.Cli;

namespace Distral.Cli.Tests;

public class CommandLineTests
{
    [Fact]
    public void UnknownVerbIsAOneLineUserError()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CommandLine.Run(["frobnicate"], stdout, stderr);
        Assert.Equal(CommandLine.UserError, code);
        Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
        Assert.Contains("frobnicate", stderr.ToString());
    }
}
