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

    [Theory]
    [InlineData("public static int Add(int a, int b) => a + b;", "PPPP")]
    [InlineData("public static int Add(int a, int b) => a + b + (a == 1 ? 1 : 0);", "FFPP")]
    [InlineData("public static int Add(int a, int b) => a + b + (a == 7 || a == 10 ? 1 : 0);", "PPFF")]
    public async Task Member_and_class_data_theories_run_every_row(string addMethod, string expected)
    {
        var source = (await File.ReadAllTextAsync(Path.Combine(Folder, "Calculator.cs"))).Replace("public static int Add(int a, int b) => a + b;", addMethod, StringComparison.Ordinal);
        var tests = await File.ReadAllTextAsync(Path.Combine(Folder, "CalculatorDataTests.cs"));

        var report = await sandbox.Runner.RunXunitAsync([new SandboxFile("Calculator.cs", source)], [new SandboxFile("CalculatorDataTests.cs", tests)], CancellationToken.None);

        Assert.True(report.Tests.Count == 4, string.Join("; ", report.Diagnostics.Concat(report.Tests.Select(t => t.Message))));
        Assert.Equal(
            ["CalculatorDataTests.Adds_member_rows", "CalculatorDataTests.Adds_method_rows_with_an_argument",
             "CalculatorDataTests.Adds_rows_of_another_type", "CalculatorDataTests.Adds_class_rows"],
            report.Tests.Select(t => t.Name));
        Assert.Equal(expected, Outcomes.Of(report));
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
