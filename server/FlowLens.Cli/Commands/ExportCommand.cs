using System.CommandLine;
using FlowLens.Core.Learning;

namespace FlowLens.Cli.Commands;

/// <summary><c>flowlens export trajectories OUT.jsonl</c>: a workspace's runs as training data for meta-agents.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var output = new Argument<string>("OUT.jsonl") { Description = "Where to write one trajectory per line." };
        var workspace = new Option<string>("--workspace") { Description = "The workspace folder (default: the current directory).", DefaultValueFactory = _ => Environment.CurrentDirectory };
        var trajectories = new Command("trajectories", "Export task, workflow, trace, rewards and attribution of every run, for offline SFT/GRPO.");
        trajectories.Arguments.Add(output);
        trajectories.Options.Add(workspace);
        trajectories.SetAction(async (result, cancellationToken) =>
        {
            var runs = TrajectoryLog.Read(Path.Combine(Path.GetFullPath(result.GetValue(workspace)!), ".flowlens", "state"));
            var path = Path.GetFullPath(result.GetValue(output)!);
            var temporary = path + ".tmp";
            await File.WriteAllLinesAsync(temporary, runs.Select(TrajectoryLog.Serialize), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
            await Console.Error.WriteLineAsync($"wrote {runs.Count} trajectories to {path}").ConfigureAwait(false);
            return 0;
        });
        var command = new Command("export", "Export what FlowLens recorded.");
        command.Subcommands.Add(trajectories);
        return command;
    }
}
