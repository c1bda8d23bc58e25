namespace FlowLens.Sandbox.Tests;

/// <summary>
/// Jobs compile against a core reference set first (what candidates may use); trusted test code that needs more of the
/// framework still compiles, against the whole of it, and a candidate reaching outside the core set is still judged by
/// the policy rather than failing to compile.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ReferenceSetTests(SandboxFixture sandbox)
{
    private const string Candidate = "namespace Demo; public static class Text { public static string Same(string s) => s; }";

    [Fact]
    public async Task Trusted_tests_may_use_framework_assemblies_outside_the_core_set()
    {
        const string tests = "namespace Demo.Tests; public class TextTests { [Fact] public void Encodes() => Assert.Equal(\"&lt;\", System.Web.HttpUtility.HtmlEncode(Text.Same(\"<\"))); }";

        var report = await sandbox.Runner.RunXunitAsync([new SandboxFile("Text.cs", Candidate)], [new SandboxFile("TextTests.cs", tests)], CancellationToken.None);

        Assert.True(report.Compiled, string.Join("; ", report.Diagnostics));
        Assert.Equal("P", Outcomes.Of(report));
    }

    [Fact]
    public async Task A_candidate_using_an_assembly_outside_the_core_set_is_rejected_by_the_policy()
    {
        const string candidate = "namespace Demo; public static class Text { public static string Same(string s) { using var c = new System.Net.Http.HttpClient(); return s; } }";
        const string tests = "namespace Demo.Tests; public class TextTests { [Fact] public void Same() => Assert.Equal(\"a\", Text.Same(\"a\")); }";

        var report = await sandbox.Runner.RunXunitAsync([new SandboxFile("Text.cs", candidate)], [new SandboxFile("TextTests.cs", tests)], CancellationToken.None);

        Assert.Contains(report.Rejected, v => v.Symbol.StartsWith("System.Net.Http", StringComparison.Ordinal));
        Assert.Equal("E", Outcomes.Of(report));
    }
}
