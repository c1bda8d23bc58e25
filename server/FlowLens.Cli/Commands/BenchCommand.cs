using System.CommandLine;

namespace FlowLens.Cli.Commands;

/// <summary><c>flowlens bench ...</c>: benchmarks that report medians and ratios measured in one run.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks: inference, core (composition and attribution), and more.");
        command.Subcommands.Add(BenchInferenceCommand.Create());
        command.Subcommands.Add(BenchCoreCommand.Create());
        command.Subcommands.Add(BenchComposeCommand.Create());
        command.Subcommands.Add(BenchSandboxCommand.Create());
        command.Subcommands.Add(BenchProjectCommand.Create());
        command.Subcommands.Add(BenchLspCommand.Create());
        command.Subcommands.Add(BenchContextCommand.Create());
        command.Subcommands.Add(BenchStagesCommand.Create());
        command.Subcommands.Add(BenchRunCommand.Create());
        return command;
    }
}
