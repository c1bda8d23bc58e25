namespace FlowLens.Sandbox.Processes;

/// <summary>
/// Finds the worker: FlowLens.Sandbox references FlowLens.Sandbox.Worker (an exe project), so the build copies
/// FlowLens.Sandbox.Worker.dll with its runtimeconfig.json and deps.json next to FlowLens.Sandbox.dll in every
/// consumer's output (the Cli, the tests). <c>FLOWLENS_SANDBOX_WORKER</c> overrides the path (a published worker).
/// The worker runs as <c>dotnet FlowLens.Sandbox.Worker.dll</c>, with the same host that runs this process.
/// </summary>
internal static class WorkerLocator
{
    public const string DllName = "FlowLens.Sandbox.Worker.dll";

    public static string WorkerDll()
    {
        if (Environment.GetEnvironmentVariable("FLOWLENS_SANDBOX_WORKER") is { Length: > 0 } overridden && File.Exists(overridden))
        {
            return overridden;
        }

        // A ReadyToRun copy in sandbox-worker/ (Release builds of the Cli) starts faster than the IL one beside us.
        foreach (var directory in new[] { Path.GetDirectoryName(typeof(WorkerLocator).Assembly.Location), AppContext.BaseDirectory })
        {
            if (directory is not null && Path.Combine(directory, "sandbox-worker", DllName) is var precompiled && File.Exists(precompiled))
            {
                return precompiled;
            }
        }

        foreach (var directory in new[] { Path.GetDirectoryName(typeof(WorkerLocator).Assembly.Location), AppContext.BaseDirectory })
        {
            if (directory is not null && Path.Combine(directory, DllName) is var path && File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"{DllName} was not found next to FlowLens.Sandbox.dll; build the project that references FlowLens.Sandbox.", DllName);
    }

    /// <summary>The dotnet host: the one running us when it is dotnet, else DOTNET_HOST_PATH, else dotnet on PATH.</summary>
    public static string DotnetHost()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (root is not null && Path.Combine(root, "dotnet") is var rooted && File.Exists(rooted))
        {
            return rooted;
        }

        return "dotnet";
    }
}
