using System.CommandLine;
using System.Globalization;
using FlowLens.Cli.Composition;

namespace FlowLens.Cli.Commands;

/// <summary><c>flowlens run FILE.cs:LINE</c>: compose, execute and attribute the task comment at that line.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var location = new Argument<string>("FILE.cs:LINE") { Description = "The file and the 1-based line of the task comment (or any line of its method)." };
        var shared = new GenerationOptions();
        var otherTests = OtherTestsOption.Create();
        var command = new Command("run", "Generate a workflow for the task at FILE.cs:LINE, run it against the workspace's tests, and attribute each capability.");
        command.Arguments.Add(location);
        shared.AddTo(command);
        command.Options.Add(otherTests);
        command.SetAction(async (result, cancellationToken) =>
        {
            var text = result.GetValue(location)!;
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var line) || line < 1)
            {
                await Console.Error.WriteLineAsync($"error: expected FILE.cs:LINE with a 1-based line, got '{text}'").ConfigureAwait(false);
                return 3;
            }

            var options = new GeneratorOptions { Composer = result.GetValue(shared.Composer)!, Seed = result.GetValue(shared.Seed), Log = Console.Error };
            return await TaskRunner.RunAsync(text[..colon], line, shared.Settings(result) with { RunOtherTests = result.GetValue(otherTests) == "run" }, options, result.GetValue(shared.Json), null, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
