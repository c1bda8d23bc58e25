namespace FlowLens.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class ProgramStyleTests(SandboxFixture sandbox)
{
    [Theory]
    [InlineData("passing.cs", true, "PPP")]
    [InlineData("one_failing.cs", true, "PFP")]
    [InlineData("no_asserts.cs", true, "F")]
    [InlineData("throws.cs", true, "EE")]
    [InlineData("does_not_compile.cs", false, "E")]
    public async Task Check(string file, bool compiled, string expected)
    {
        var path = Path.Combine(Paths.Fixtures, "sandbox", "program", file);
        var report = await sandbox.Runner.RunProgramAsync(new SandboxFile(file, await File.ReadAllTextAsync(path)), CancellationToken.None);

        Assert.Equal(compiled, report.Compiled);
        Assert.Empty(report.Rejected);
        Assert.Equal(expected, Outcomes.Of(report));
    }

    [Fact]
    public async Task A_failing_assert_is_named_by_its_line()
    {
        var path = Path.Combine(Paths.Fixtures, "sandbox", "program", "one_failing.cs");
        var report = await sandbox.Runner.RunProgramAsync(new SandboxFile("one_failing.cs", await File.ReadAllTextAsync(path)), CancellationToken.None);

        Assert.Equal(["assert line 12", "assert line 13", "assert line 14"], report.Tests.Select(t => t.Name));
        Assert.Contains("line 13", report.Tests[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_candidate_that_does_not_compile_still_lists_every_assert()
    {
        var path = Path.Combine(Paths.Fixtures, "sandbox", "program", "does_not_compile.cs");
        var report = await sandbox.Runner.RunProgramAsync(new SandboxFile("x.cs", await File.ReadAllTextAsync(path)), CancellationToken.None);

        var test = Assert.Single(report.Tests);
        Assert.StartsWith("candidate did not compile: ", test.Message, StringComparison.Ordinal);
        Assert.NotEmpty(report.Diagnostics);
    }
}
