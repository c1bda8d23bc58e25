using System.CommandLine;
using System.Globalization;
using FlowLens.Cli.Bench;
using FlowLens.Cli.Composition;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Benchmarks;
using FlowLens.Sandbox;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens bench stages</c>: time to verified code and time to full lenses, side by side, through the language
/// server on the bundled sample, with the real sandbox and a scripted model that answers each request after a fixed
/// delay. The workflow is plan, draft, run-tests, repair: the draft fails 3 of 6 checks and the repair fixes them.
/// </summary>
internal static class BenchStagesCommand
{
    private const string Plan = "1. Walk the text once. 2. Count each run. 3. Append the character, and the count when it is above one.";

    private const string Buggy = """
        ```csharp
        {
            var sb = new System.Text.StringBuilder();
            for (var i = 0; i < text.Length;)
            {
                var j = i;
                while (j < text.Length && text[j] == text[i]) j++;
                sb.Append(text[i]).Append(j - i);
                i = j;
            }
            return sb.ToString();
        }
        ```
        """;

    private const string Fixed = """
        ```csharp
        {
            var sb = new System.Text.StringBuilder();
            for (var i = 0; i < text.Length;)
            {
                var j = i;
                while (j < text.Length && text[j] == text[i]) j++;
                sb.Append(text[i]);
                if (j - i > 1) sb.Append(j - i);
                i = j;
            }
            return sb.ToString();
        }
        ```
        """;

    public static Command Create()
    {
        var delay = new Option<int>("--delay-ms") { Description = "How long the scripted model takes per request.", DefaultValueFactory = _ => 500 };
        var repeats = new Option<int>("--repeats") { Description = "Runs, each in a fresh server; the figures are medians.", DefaultValueFactory = _ => 3 };
        var command = new Command("stages", "Benchmark time to verified code against time to full lenses (scripted model with a fixed delay, real sandbox).");
        command.Options.Add(delay);
        command.Options.Add(repeats);
        command.SetAction(async (result, cancellationToken) =>
        {
            var paths = ProductPaths.Discover();
            var workspace = Directory.CreateTempSubdirectory("flowlens-bench-stages");
            try
            {
                var sample = Path.Combine(paths.Samples, "compress");
                foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.flowlens{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
                {
                    var destination = Path.Combine(workspace.FullName, Path.GetRelativePath(sample, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    File.Copy(file, destination);
                }

                var path = Path.Combine(workspace.FullName, "src", "TextTools", "RunLength.cs");
                var source = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
                var line = TaskLocator.Find(source).Single().CommentRange.Start.Line;
                var delayMs = result.GetValue(delay);
                var model = new DelayedScriptedChatClient(
                    new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["meta-agent"] = """{"plan":{"w":0.9},"draft":{"w":0.9,"n":1,"temperature":0.2},"repair":{"w":0.9,"rounds":1}}""",
                        ["plan"] = Plan,
                        ["draft"] = Buggy,
                        ["repair"] = Fixed,
                    },
                    TimeSpan.FromMilliseconds(delayMs),
                    TimeProvider.System);
                using var pool = new SandboxPool(SandboxOptions.Default with { PoolSize = 1 });
                var library = CapabilityLibrary.Load(paths.Capabilities);
                var generators = new StagesGeneratorFactory(library, await File.ReadAllTextAsync(paths.MetaAgentPrompt, cancellationToken).ConfigureAwait(false), model, new SandboxCandidateEvaluator(pool));
                var label = string.Create(CultureInfo.InvariantCulture, $"plan -> draft -> run-tests -> repair, {delayMs} ms per model request");
                var figures = await StagesBenchmark.RunAsync(generators, workspace.FullName, path, line, result.GetValue(repeats), label, cancellationToken).ConfigureAwait(false);
                var table = new Table().Title($"flowlens bench stages ({model.Requests} model requests in all)").AddColumns("figure", "value", "goal");
                foreach (var figure in figures)
                {
                    var value = string.Create(CultureInfo.InvariantCulture, $"{figure.Value:0.000} {figure.Unit}");
                    table.AddRow(Markup.Escape(figure.Name), value, Markup.Escape(figure.Goal is null ? string.Empty : $"{figure.Goal} {figure.Unit}"));
                }

                AnsiConsole.Write(table);
                return 0;
            }
            finally
            {
                workspace.Delete(recursive: true);
            }
        });
        return command;
    }
}
