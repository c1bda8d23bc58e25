namespace FlowLens.Sandbox.Tests;

/// <summary>Fixture locations, found from the test assembly upwards (the repository root holds Extension.sln).</summary>
internal static class Paths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Fixtures => Path.Combine(RepoRoot, "tests", "fixtures");

    /// <summary>The shared suites live next to the checkout (CI puts them there too).</summary>
    public static string HumanEval => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "suites", "humaneval-cs", "humaneval-cs-reworded.jsonl"));

    private static string FindRoot()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Extension.sln")))
            {
                return directory;
            }
        }

        throw new DirectoryNotFoundException("the repository root (Extension.sln) was not found above " + AppContext.BaseDirectory);
    }
}
