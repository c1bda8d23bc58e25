using System.CommandLine;
using FlowLens.Cli.Commands;

namespace FlowLens.Cli;

/// <summary>The <c>flowlens</c> command: one table of subcommands, each built by its own file under Commands/.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("FlowLens: local, explainable workflow generation for C#.");
        foreach (var command in CommandTable.All())
        {
            root.Subcommands.Add(command);
        }

        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }
}
