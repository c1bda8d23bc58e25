namespace FlowLens.LanguageServer.Tests.Infrastructure;

/// <summary>Paths in the source tree, found from the test binaries by walking up to the solution file.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixture(string relative) => Path.Combine(Root, "tests", "fixtures", "lsp", relative);

    public static string ReadFixture(string relative) => File.ReadAllText(Fixture(relative)).ReplaceLineEndings("\n");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Extension.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Extension.sln not found above " + AppContext.BaseDirectory);
    }
}
