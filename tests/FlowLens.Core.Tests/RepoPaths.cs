namespace FlowLens.Core.Tests;

/// <summary>Finds the repository (the folder holding Extension.sln) from the test's output directory.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Prompts => Path.Combine(Root, "prompts");

    public static string Capabilities => Path.Combine(Prompts, "capabilities");

    public static string Fixtures(params string[] parts) => Path.Combine([Root, "tests", "fixtures", "core", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Extension.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Extension.sln not found above " + AppContext.BaseDirectory);
    }
}
