namespace FlowLens.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class XunitStyleTests(SandboxFixture sandbox)
{
    private static readonly string Folder = Path.Combine(Paths.Fixtures, "sandbox", "xunit");

    [Theory]
    [InlineData("public static int Add(int a, int b) => a + b;", "PFEPPF")]
    [InlineData("public static int Add(int a, int b) => a - b;", "FFEFFF")]
    [InlineData("public static int Add(int a, int b) => a +;", "EEEEEE")]
    public async Task Check(string addMethod, string expected)
    {
        var source = (await File.ReadAllTextAsync(Path.Combine(Folder, "Calculator.cs"))).Replace("public static int Add(int a, int b) => a + b;", addMethod, StringComparison.Ordinal);
        var tests = await File.ReadAllTextAsync(Path.Combine(Folder, "CalculatorTests.cs"));

        var report = await sandbox.Runner.RunXunitAsync([new SandboxFile("Calculator.cs", source)], [new SandboxFile("CalculatorTests.cs", tests)], CancellationToken.None);

        Assert.Equal(expected, Outcomes.Of(report));
        Assert.Equal(
            ["CalculatorTests.Adds", "CalculatorTests.Adds_wrongly_on_purpose", "CalculatorTests.Divides_by_zero",
             "CalculatorTests.Adds_rows(1, 1, 2)", "CalculatorTests.Adds_rows(-1, 1, 0)", "CalculatorTests.Adds_rows(2, 2, 5)"],
            report.Tests.Select(t => t.Name));
    }

    [Fact]
    public async Task Failures_carry_the_assertion_message()
    {
        var source = await File.ReadAllTextAsync(Path.Combine(Folder, "Calculator.cs"));
        var tests = await File.ReadAllTextAsync(Path.Combine(Folder, "CalculatorTests.cs"));

        var report = await sandbox.Runner.RunXunitAsync([new SandboxFile("Calculator.cs", source)], [new SandboxFile("CalculatorTests.cs", tests)], CancellationToken.None);

        Assert.Contains("Assert.Equal() Failure", report.Tests[1].Message, StringComparison.Ordinal);
        Assert.Contains("DivideByZeroException", report.Tests[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_candidate_that_does_not_compile_reports_every_test_as_an_error()
    {
        var tests = await File.ReadAllTextAsync(Path.Combine(Folder, "CalculatorTests.cs"));

        var report = await sandbox.Runner.RunXunitAsync([new SandboxFile("Calculator.cs", "namespace Demo; public static class Calculator { }")], [new SandboxFile("CalculatorTests.cs", tests)], CancellationToken.None);

        Assert.False(report.Compiled);
        Assert.Equal(6, report.Tests.Count);
        Assert.All(report.Tests, t => Assert.StartsWith("candidate did not compile: ", t.Message, StringComparison.Ordinal));
    }
}
