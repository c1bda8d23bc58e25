using FlowLens.Core.Evaluation;

namespace FlowLens.Sandbox.Tests;

/// <summary>A .cs file outside any project compiles as <c>dotnet run file.cs</c> would: implicit usings, nullable, <c>#:</c> directives.</summary>
[Collection(SandboxCollection.Name)]
public sealed class FileBasedAppTests(SandboxFixture sandbox)
{
    private static readonly string Root = Path.Combine(Paths.Fixtures, "workspace-model", "loose");
    private static readonly string TargetFile = Path.Combine(Root, "Tally.cs");

    [Fact]
    public async Task Implicit_usings_and_the_file_s_properties_apply()
    {
        var report = await SandboxFixture.EvaluateTask(sandbox.Evaluator, Root, TargetFile, "{ var total = numbers.Sum();\n#if TALLY_DOUBLED\n        total *= 2;\n#endif\n        return total; }");

        Assert.True(report.Compiled, string.Join("; ", report.Diagnostics));
        var example = Assert.Single(report.Examples);
        Assert.Equal(TestOutcome.Passed, example.Outcome);
        Assert.Contains(report.Diagnostics, d => d.Contains("as a file-based app", StringComparison.Ordinal));
        Assert.Contains(report.Diagnostics, d => d.StartsWith("#:package Humanizer.Core@2.14.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_that_ignores_the_defined_symbol_fails_the_example()
    {
        var report = await SandboxFixture.EvaluateTask(sandbox.Evaluator, Root, TargetFile, "{ return numbers.Sum(); }");

        Assert.True(report.Compiled, string.Join("; ", report.Diagnostics));
        Assert.Equal(TestOutcome.Failed, Assert.Single(report.Examples).Outcome);
    }

    [Fact]
    public void Directives_are_read_and_blanked_without_moving_the_code()
    {
        var text = File.ReadAllText(TargetFile);
        var app = Jobs.FileBasedApp.Read(text);

        Assert.Equal("preview", app.Properties["LangVersion"]);
        Assert.Equal(["Humanizer.Core@2.14.1"], app.Packages);
        Assert.Equal(text.Length, app.Text.Length);
        Assert.DoesNotContain("#:", app.Text, StringComparison.Ordinal);
        Assert.Equal(text.IndexOf("public static int Sum", StringComparison.Ordinal), app.Text.IndexOf("public static int Sum", StringComparison.Ordinal));
    }
}
