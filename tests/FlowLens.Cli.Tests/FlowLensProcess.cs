using System.Diagnostics;

namespace FlowLens.Cli.Tests;

/// <summary>Runs the built <c>flowlens</c> command as a user would, with its own cache folder.</summary>
internal static class FlowLensProcess
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Dll
    {
        get
        {
            // Same configuration as this test assembly (bin/<Configuration>/net10.0/).
            var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)));
            return Path.Combine(RepoRoot, "server", "FlowLens.Cli", "bin", configuration!, "net10.0", "flowlens.dll");
        }
    }

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string cacheHome, params string[] args) =>
        RunAsync(cacheHome, new Dictionary<string, string>(), args);

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string cacheHome, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunInAsync(RepoRoot, cacheHome, environment, args);

    /// <summary>Runs the command from <paramref name="workingDirectory"/>, as a user in that folder would.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunInAsync(string workingDirectory, string cacheHome, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["XDG_CACHE_HOME"] = cacheHome;
        start.Environment.Remove("FLOWLENS_MODEL");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Extension.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Extension.sln not found");
    }
}
