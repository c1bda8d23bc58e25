using System.CommandLine;
using System.Globalization;
using FlowLens.Cli.Composition;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Learning;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary><c>flowlens library stats</c>: the capability library of a workspace and the priors learned for it.</summary>
internal static class LibraryCommand
{
    public static Command Create()
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace folder (default: the current directory).", DefaultValueFactory = _ => Environment.CurrentDirectory };
        var stats = new Command("stats", "Show the capabilities, their typed signatures, and the learned priors per task kind.");
        stats.Options.Add(workspace);
        stats.SetAction(result =>
        {
            var root = Path.GetFullPath(result.GetValue(workspace)!);
            var library = CapabilityLibrary.Load(ProductPaths.Discover().Capabilities, root);
            var priors = PriorStore.Open(Path.Combine(root, ".flowlens", "state"));
            var table = new Table().Title($"Capability library ({library.Capabilities.Count})").AddColumns("id", "kind", "signature", "default prior");
            foreach (var kind in Enum.GetValues<TaskKind>())
            {
                table.AddColumn(kind.ToString());
            }

            foreach (var c in library.Capabilities)
            {
                var cells = new List<string>
                {
                    c.Id,
                    c.Kind.ToString().ToLowerInvariant(),
                    Markup.Escape(c.CatalogueLine().Split(':', 2)[1].Split(". ", 2)[0].Trim()),
                    c.Prior.ToString("0.00", CultureInfo.InvariantCulture),
                };
                foreach (var kind in Enum.GetValues<TaskKind>())
                {
                    var p = priors.Get(c, kind);
                    cells.Add(p.Count == 0 ? "[grey]-[/]" : string.Create(CultureInfo.InvariantCulture, $"{p.Mean:+0.00;-0.00} ±{p.StandardError:0.00} (n={p.Count})"));
                }

                table.AddRow(cells.ToArray());
            }

            AnsiConsole.Write(table);
            foreach (var error in library.Errors)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            }

            return library.Errors.Count == 0 ? 0 : 1;
        });
        var command = new Command("library", "The capability library and what FlowLens learned about it.");
        command.Subcommands.Add(stats);
        command.Subcommands.Add(Mine());
        return command;
    }

    /// <summary><c>flowlens library mine</c>: proposes recurring successful sub-workflows as composite capabilities.</summary>
    private static Command Mine()
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace folder (default: the current directory).", DefaultValueFactory = _ => Environment.CurrentDirectory };
        var minShare = new Option<double>("--min-share") { Description = "Share of successful workflows a sub-workflow must appear in (0..1).", DefaultValueFactory = _ => 0.5 };
        var success = new Option<double>("--success-score") { Description = "Pass rate at or above which a workflow counts as successful.", DefaultValueFactory = _ => 0.8 };
        var command = new Command("mine", "Propose sub-workflows that recur in successful workflows as composite capabilities (written under .flowlens/capabilities/proposed/ for review).");
        command.Options.Add(workspace);
        command.Options.Add(minShare);
        command.Options.Add(success);
        command.SetAction(result =>
        {
            var root = Path.GetFullPath(result.GetValue(workspace)!);
            var replay = ReplayBuffer.Open(Path.Combine(root, ".flowlens", "state"));
            var mined = LibraryMiner.Mine(replay.Entries, result.GetValue(success), result.GetValue(minShare));
            if (mined.Count == 0)
            {
                AnsiConsole.MarkupLine($"No sub-workflow reaches the threshold among {replay.Entries.Count} past workflows.");
                return 0;
            }

            var proposed = Directory.CreateDirectory(Path.Combine(root, ".flowlens", "capabilities", "proposed"));
            foreach (var composite in mined)
            {
                var path = Path.Combine(proposed.FullName, composite.Id + ".md");
                File.WriteAllText(path, composite.ToCapabilityFile());
                AnsiConsole.MarkupLine($"{Markup.Escape(string.Join(" -> ", composite.Parts))}: {composite.Support} successes ({composite.Share:P0}) -> {Markup.Escape(Path.GetRelativePath(root, path))}");
            }

            AnsiConsole.MarkupLine("Move a file up into .flowlens/capabilities/ to add it to the library.");
            return 0;
        });
        return command;
    }
}
