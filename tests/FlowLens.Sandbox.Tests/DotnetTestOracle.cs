using System.Diagnostics;
using System.Xml.Linq;

namespace FlowLens.Sandbox.Tests;

/// <summary>
/// The user's own <c>dotnet test</c> on a copy of a fixture with a body in place: what FlowLens must agree with. One
/// copy per fixture, restored on its first run. Reads the TRX log itself (test name and outcome), independently of the
/// product's reader.
/// </summary>
internal static class DotnetTestOracle
{
    public static async Task<IReadOnlyList<(string Name, string Outcome)>> RunAsync(string fixture, string testProject, string targetFile, string originalBody, string body)
    {
        var copy = fixture + "-oracle";
        var restored = Directory.Exists(copy);
        if (!restored)
        {
            WorkspaceModelFixtures.Copy(fixture, copy);
        }

        var target = Path.Combine(copy, Path.GetRelativePath(fixture, targetFile));
        var text = await File.ReadAllTextAsync(targetFile);
        Assert.Contains(originalBody, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(target, text.Replace(originalBody, body, StringComparison.Ordinal));
        var results = Path.Combine(copy, "oracle-results", Guid.NewGuid().ToString("N"));
        string[] arguments = ["test", Path.Combine(copy, testProject), "--logger", "trx;LogFileName=oracle.trx", "--results-directory", results, .. restored ? new[] { "--no-restore" } : []];
        var info = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = copy,
        };
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var trx = Path.Combine(results, "oracle.trx");
        Assert.True(File.Exists(trx), "dotnet test wrote no results: " + await output + await error);
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        return XDocument.Load(trx).Descendants(ns + "UnitTestResult")
            .Select(r => ((string)r.Attribute("testName")!, (string)r.Attribute("outcome")!))
            .OrderBy(r => r.Item1, StringComparer.Ordinal)
            .ToList();
    }
}
