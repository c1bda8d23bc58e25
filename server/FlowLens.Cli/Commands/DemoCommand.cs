using System.CommandLine;
using FlowLens.Cli.Composition;
using FlowLens.Core.Tasks;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens demo</c>: the whole product on the sample that ships with it. The sample is copied into a demo
/// workspace in the cache folder (its learned state persists there between demos) so the checkout stays clean.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var shared = new GenerationOptions();
        var command = new Command("demo", "Run Generate workflow on the bundled sample task (run-length compression) and print the report.");
        shared.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var paths = ProductPaths.Discover();
            var sample = Path.Combine(paths.Samples, "compress");
            if (!Directory.Exists(sample))
            {
                await Console.Error.WriteLineAsync($"error: the bundled sample is missing ({sample}); reinstall FlowLens").ConfigureAwait(false);
                return 1;
            }

            var workspace = Path.Combine(DemoRoot(), "compress");
            CopySources(sample, workspace);
            var file = Path.Combine(workspace, "src", "TextTools", "RunLength.cs");
            var site = TaskLocator.Find(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false))[0];
            var options = new GeneratorOptions { Composer = result.GetValue(shared.Composer)!, Seed = result.GetValue(shared.Seed), Log = Console.Error };
            return await TaskRunner.RunAsync(file, site.CommentRange.Start.Line + 1, shared.Settings(result), options, result.GetValue(shared.Json), workspace, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static string DemoRoot()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "flowlens", "demo");
    }

    /// <summary>Copies the sample's sources afresh (a previous demo's edits never leak in), keeping .flowlens/ state.</summary>
    private static void CopySources(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or ".flowlens"))
            {
                continue;
            }

            var destination = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }

        Directory.CreateDirectory(Path.Combine(to, ".flowlens"));
    }
}
