using System.CommandLine;
using System.Globalization;
using FlowLens.Cli.Composition;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Learning;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens library stats|mine|reset</c>: the capability library of a workspace, the priors learned for it (per
/// model), mining composites from past workflows, and forgetting what was learned.
/// </summary>
internal static class LibraryCommand
{
    public static Command Create()
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace folder (default: the current directory).", DefaultValueFactory = _ => Environment.CurrentDirectory };
        var model = new Option<string?>("--model-key") { Description = "Show the priors learned with this model (a folder name under .flowlens/state/models/; default: the first)." };
        var stats = new Command("stats", "Show the capabilities, their typed signatures, and the learned priors per task kind (per model).");
        stats.Options.Add(workspace);
        stats.Options.Add(model);
        stats.SetAction(result =>
        {
            var root = Path.GetFullPath(result.GetValue(workspace)!);
            var library = CapabilityLibrary.Load(ProductPaths.Discover().Capabilities, root);
            var models = LearnedState.Models(root);
            var key = result.GetValue(model) ?? (models.Count > 0 ? models[0].Key : null);
            var priors = key is null ? PriorStore.InMemory() : PriorStore.Open(LearnedState.ForModel(root, key));
            if (models.Count > 0)
            {
                AnsiConsole.MarkupLine($"Models with learned priors: {Markup.Escape(string.Join(", ", models.Select(m => m.Key)))}; showing {Markup.Escape(key ?? "none")}.");
            }

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
        command.Subcommands.Add(Reset());
        command.Subcommands.Add(Accept());
        return command;
    }

    /// <summary>
    /// <c>flowlens library reset</c>: forgets the learned priors and replay buffers of every model (or one), so the
    /// composers start again from the library's default priors. Capabilities and trajectories are kept.
    /// </summary>
    private static Command Reset()
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace folder (default: the current directory).", DefaultValueFactory = _ => Environment.CurrentDirectory };
        var model = new Option<string?>("--model-key") { Description = "Reset only this model's state (a folder name under .flowlens/state/models/)." };
        var command = new Command("reset", "Forget the learned priors and replay buffers (of every model, or of one with --model-key).");
        command.Options.Add(workspace);
        command.Options.Add(model);
        command.SetAction(result =>
        {
            var root = Path.GetFullPath(result.GetValue(workspace)!);
            var models = LearnedState.Models(root);
            var chosen = result.GetValue(model) is { } key ? models.Where(m => m.Key == key).ToList() : models;
            if (result.GetValue(model) is { } missing && chosen.Count == 0)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] no learned state for model '{Markup.Escape(missing)}' in {Markup.Escape(root)} (known: {Markup.Escape(models.Count == 0 ? "none" : string.Join(", ", models.Select(m => m.Key)))}).");
                return 1;
            }

            // Files from before state was kept per model are forgotten too.
            var state = LearnedState.StateDirectory(root);
            var legacy = result.GetValue(model) is null ? new[] { "priors.json", "replay.jsonl" }.Select(f => Path.Combine(state, f)).Where(File.Exists).ToList() : [];
            foreach (var (modelKey, directory) in chosen)
            {
                Directory.Delete(directory, recursive: true);
                AnsiConsole.MarkupLine($"forgot the priors and replay buffer learned with {Markup.Escape(modelKey)}");
            }

            foreach (var file in legacy)
            {
                File.Delete(file);
                AnsiConsole.MarkupLine($"removed {Markup.Escape(Path.GetRelativePath(root, file))}");
            }

            if (chosen.Count == 0 && legacy.Count == 0)
            {
                AnsiConsole.MarkupLine("Nothing learned yet: nothing to reset.");
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// <c>flowlens library accept ID</c>: after review, moves a mined proposal from
    /// <c>.flowlens/capabilities/proposed/</c> into the workspace library, once it parses and its parts exist.
    /// </summary>
    private static Command Accept()
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace folder (default: the current directory).", DefaultValueFactory = _ => Environment.CurrentDirectory };
        var id = new Argument<string>("id") { Description = "The proposal's id (its file name under .flowlens/capabilities/proposed/, without .md)." };
        var command = new Command("accept", "Add a reviewed proposal from .flowlens/capabilities/proposed/ to the workspace library.");
        command.Options.Add(workspace);
        command.Arguments.Add(id);
        command.SetAction(result =>
        {
            var root = Path.GetFullPath(result.GetValue(workspace)!);
            var name = result.GetValue(id)!;
            var capabilities = Path.Combine(root, ".flowlens", "capabilities");
            var proposal = Path.Combine(capabilities, "proposed", name.EndsWith(".md", StringComparison.Ordinal) ? name : name + ".md");
            if (!File.Exists(proposal))
            {
                var known = Directory.Exists(Path.GetDirectoryName(proposal)) ? Directory.EnumerateFiles(Path.GetDirectoryName(proposal)!, "*.md").Select(Path.GetFileNameWithoutExtension).ToList() : [];
                AnsiConsole.MarkupLine($"[red]error:[/] no proposal '{Markup.Escape(name)}' (proposed: {Markup.Escape(known.Count == 0 ? "none; run flowlens library mine" : string.Join(", ", known))}).");
                return 1;
            }

            Capability capability;
            try
            {
                capability = CapabilityFileParser.Parse(proposal, File.ReadAllText(proposal));
            }
            catch (CapabilityFileException e)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}; the proposal stays where it is.");
                return 1;
            }

            var library = CapabilityLibrary.Load(ProductPaths.Discover().Capabilities, root);
            var missing = capability.Parts.Where(p => !library.TryGet(p, out _)).ToList();
            if (missing.Count > 0)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(capability.Id)} names parts the library lacks: {Markup.Escape(string.Join(", ", missing))}; the proposal stays where it is.");
                return 1;
            }

            var destination = Path.Combine(capabilities, Path.GetFileName(proposal));
            if (File.Exists(destination))
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(Path.GetRelativePath(root, destination))} exists already; remove it first to replace it.");
                return 1;
            }

            File.Move(proposal, destination);
            AnsiConsole.MarkupLine($"added {Markup.Escape(capability.Id)} to the library ({Markup.Escape(Path.GetRelativePath(root, destination))})");
            return 0;
        });
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
            var entries = LearnedState.Models(root).SelectMany(m => ReplayBuffer.Open(m.Directory).Entries).ToList();
            var mined = LibraryMiner.Mine(entries, result.GetValue(success), result.GetValue(minShare));
            if (mined.Count == 0)
            {
                AnsiConsole.MarkupLine($"No sub-workflow reaches the threshold among {entries.Count} past workflows.");
                return 0;
            }

            var proposed = Directory.CreateDirectory(Path.Combine(root, ".flowlens", "capabilities", "proposed"));
            foreach (var composite in mined)
            {
                var path = Path.Combine(proposed.FullName, composite.Id + ".md");
                File.WriteAllText(path, composite.ToCapabilityFile());
                AnsiConsole.MarkupLine($"{Markup.Escape(string.Join(" -> ", composite.Parts))}: {composite.Support} successes ({composite.Share:P0}) -> {Markup.Escape(Path.GetRelativePath(root, path))}");
            }

            AnsiConsole.MarkupLine("Review a proposal, then add it to the library with: flowlens library accept ID");
            return 0;
        });
        return command;
    }
}
