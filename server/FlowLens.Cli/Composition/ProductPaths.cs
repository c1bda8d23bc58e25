namespace FlowLens.Cli.Composition;

/// <summary>
/// Where the product's data lives: the capability library and samples are copied next to the binary at build
/// time; in a checkout the repository's own folders are found by walking up, so edits to prompts/ apply at once.
/// </summary>
internal sealed record ProductPaths(string Prompts, string Samples)
{
    public string Capabilities => Path.Combine(Prompts, "capabilities");

    public string MetaAgentPrompt => Path.Combine(Prompts, "meta-agent.md");

    public static ProductPaths Discover()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Extension.sln")) && Directory.Exists(Path.Combine(dir.FullName, "prompts")))
                {
                    return new ProductPaths(Path.Combine(dir.FullName, "prompts"), Path.Combine(dir.FullName, "samples"));
                }
            }
        }

        return new ProductPaths(Path.Combine(AppContext.BaseDirectory, "prompts"), Path.Combine(AppContext.BaseDirectory, "samples"));
    }
}
