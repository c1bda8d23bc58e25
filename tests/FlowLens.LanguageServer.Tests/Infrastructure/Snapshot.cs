namespace FlowLens.LanguageServer.Tests.Infrastructure;

/// <summary>
/// Compares rendered output with an approved file under tests/fixtures/lsp/. On a difference (or a missing
/// file) it writes the actual text next to it as <c>.received</c> and fails, so approving is a file move.
/// </summary>
internal static class Snapshot
{
    public static void Match(string name, string actual)
    {
        var path = RepoPaths.Fixture(name);
        actual = actual.ReplaceLineEndings("\n");
        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            return;
        }

        File.WriteAllText(path + ".received", actual);
        Assert.Fail(expected is null
            ? $"No approved snapshot {path}; wrote {path}.received to review."
            : $"Snapshot {path} differs; wrote {path}.received.\n--- expected\n{expected}\n--- actual\n{actual}");
    }
}
