using System.Diagnostics;

namespace FlowLens.Workspace;

/// <summary>
/// Runs <c>dotnet restore</c> for the user on projects under a root that have no <c>obj/project.assets.json</c>, with a
/// time limit; what it did (or, when it failed, the one command to run) comes back as lines for the user.
/// </summary>
internal static class ProjectRestore
{
    public static async Task<IReadOnlyList<string>> RestoreMissingAsync(string root, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var missing = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => !File.Exists(Path.Combine(Path.GetDirectoryName(p)!, "obj", "project.assets.json")))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var project in missing)
        {
            var run = await RunAsync(project, [], timeout, cancellationToken).ConfigureAwait(false);
            if (run.TimedOut)
            {
                notes.Add($"dotnet restore {project} did not finish within {timeout.TotalSeconds:0} s: run it yourself");
                continue;
            }

            notes.Add(run.ExitCode == 0
                ? $"{Path.GetFileName(project)} was not restored: ran `dotnet restore` for it"
                : $"{Path.GetFileName(project)} is not restored and `dotnet restore` failed: run `dotnet restore {project}` and see its errors ({run.Output.Trim().Split('\n').LastOrDefault()?.Trim()})");
        }

        return notes;
    }

    /// <summary>One <c>dotnet restore</c> of <paramref name="project"/>, killed (with its children) past <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output, bool TimedOut)> RunAsync(string project, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet", ["restore", project, "--nologo", "-v", "q", .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            return (-1, string.Empty, true);
        }

        return (process.ExitCode, await error.ConfigureAwait(false) + await output.ConfigureAwait(false), false);
    }
}
