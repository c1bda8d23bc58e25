using System.CommandLine;

namespace FlowLens.Cli.Commands;

/// <summary><c>flowlens model</c>: create, inspect and download GGUF models.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Create, inspect and download GGUF models.");
        command.Subcommands.Add(ModelMakeTinyCommand.Create());
        command.Subcommands.Add(ModelInfoCommand.Create());
        command.Subcommands.Add(ModelPullCommand.Create());
        return command;
    }
}
