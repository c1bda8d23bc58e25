using System.Text.Json;

namespace FlowLens.Cli.Tests;

/// <summary><c>flowlens test FILE.cs:LINE</c> end to end: the real sandbox, no model.</summary>
public sealed class TestCommandTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-cli-cache");
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("flowlens-cli-test");

    [Fact]
    public async Task Runs_the_NUnit_tests_that_exercise_a_method_and_names_each_as_NUnit_does()
    {
        var root = Copy("nunit");
        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "test", Path.Combine(root, "Shapes", "Geometry.cs") + ":7", "--json");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        // MSBuild gives the worker the project's own NUnit, so NUnit's FrameworkController runs the tests in the sandbox.
        Assert.Matches(@"^NUnit 4\.[0-9.]+ via its FrameworkController", json.RootElement.GetProperty("runner").GetString());
        var tests = json.RootElement.GetProperty("tests").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("outcome").GetString());

        // The fixture's fifth test (internal rounding) never calls Perimeter, so it is not among the selected ones.
        Assert.Equal(4, tests.Count);
        Assert.Equal("passed", tests["Shapes.Tests.GeometryTests.Perimeter_of_a_rectangle(1,2,6)"]);
        Assert.DoesNotContain(tests.Keys, n => n.Contains("Rounding", StringComparison.Ordinal));
        Assert.All(tests.Values, o => Assert.Equal("passed", o));
    }

    [Fact]
    public async Task Runs_the_MSTest_tests_in_the_sandbox_worker_through_MSTest_s_adapter_and_names_each_row_as_MSTest_does()
    {
        var root = Copy("mstest");
        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "test", Path.Combine(root, "Ledger", "Balance.cs") + ":6", "--json");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        Assert.Matches(@"^MSTest 3\.11\.1 via its VSTest adapter .* in the sandbox worker$", json.RootElement.GetProperty("runner").GetString());
        var tests = json.RootElement.GetProperty("tests").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("outcome").GetString());
        Assert.Equal(4, tests.Count);
        Assert.Equal("passed", tests["Ledger.Tests.BalanceTests.Adds_entries (\"-1\",\"4\",3)"]);
        Assert.All(tests.Values, o => Assert.Equal("passed", o));

        // MSBuild resolved the packages from the restore, so no note may claim they were left out.
        var diagnostics = json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains("projects evaluated by MSBuild (design-time build)", diagnostics);
        Assert.DoesNotContain(diagnostics, d => d.StartsWith("unsupported PackageReference", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Runs_the_xunit_v3_tests_in_the_sandbox_worker_through_xunit_s_own_framework()
    {
        var root = Copy("frameworks", "xunit3");
        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "test", Path.Combine(root, "Shop", "PriceCalculator.cs") + ":5", "--json");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("xunit 3.2.2 via its v3 XunitTestFramework in the sandbox worker", json.RootElement.GetProperty("runner").GetString());
        var tests = json.RootElement.GetProperty("tests").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("outcome").GetString());
        Assert.Equal("passed", tests["Shop.Tests.PriceCalculatorTests.Totals_class_rows(net: 50, expected: 60)"]);
        Assert.Equal("passed", tests["Shop.Tests.PriceCalculatorTests+Rounding.Rounds_to_cents"]);
        Assert.All(tests.Values, o => Assert.Equal("passed", o));
    }

    [Fact]
    public async Task The_rest_of_the_test_project_runs_once_and_is_reported_apart_from_the_method_s_tests()
    {
        var root = Copy("nunit");
        var tests = Path.Combine(root, "Shapes.Tests", "GeometryTests.cs");

        // A test the selection leaves out (it never calls Perimeter) fails: the method's own tests still pass.
        await File.WriteAllTextAsync(tests, (await File.ReadAllTextAsync(tests)).Replace("Is.EqualTo(0.13)", "Is.EqualTo(0.12)", StringComparison.Ordinal));
        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "test", Path.Combine(root, "Shapes", "Geometry.cs") + ":7", "--json");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(4, json.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("othersPassed").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("othersFailed").GetInt32());
        var other = Assert.Single(json.RootElement.GetProperty("others").GetProperty("tests").EnumerateArray().ToList());
        Assert.Equal("Shapes.Tests.GeometryTests.Rounding_is_internal_and_visible_here", other.GetProperty("name").GetString());
        Assert.Equal("failed", other.GetProperty("outcome").GetString());
        Assert.Matches("^NUnit 4", json.RootElement.GetProperty("others").GetProperty("runner").GetString());

        var (skipExit, skipped, skipErr) = await FlowLensProcess.RunAsync(_cache.FullName, "test", Path.Combine(root, "Shapes", "Geometry.cs") + ":7", "--json", "--other-tests", "skip");
        Assert.True(skipExit == 0, $"exit {skipExit}\n{skipped}\n{skipErr}");
        using var skippedJson = JsonDocument.Parse(skipped);
        Assert.Equal(JsonValueKind.Null, skippedJson.RootElement.GetProperty("othersPassed").ValueKind);
        Assert.Equal(JsonValueKind.Null, skippedJson.RootElement.GetProperty("others").ValueKind);
    }

    [Fact]
    public async Task Runs_the_tests_that_reach_the_method_through_a_helper_and_not_those_that_only_name_it()
    {
        var root = Copy("selection");
        var file = Path.Combine(root, "Ledger", "Account.cs");
        var line = Array.FindIndex(await File.ReadAllLinesAsync(file), l => l.Contains(" Deposit(", StringComparison.Ordinal)) + 1;
        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "test", $"{file}:{line}", "--json");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var tests = json.RootElement.GetProperty("tests").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("outcome").GetString());
        Assert.Equal(5, tests.Count);
        Assert.All(tests.Values, o => Assert.Equal("passed", o));
        Assert.Contains("Ledger.Tests.StatementTests.The_balance_sums_every_entry", tests.Keys);
        Assert.Contains("Ledger.Tests.StatementTests+Empty.An_account_without_entries_has_a_zero_balance", tests.Keys);
        Assert.DoesNotContain(tests.Keys, n => n.Contains("CountTests", StringComparison.Ordinal));
        var diagnostics = json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains(diagnostics, d => d.StartsWith("tests selected with Roslyn: 4 test method(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_method_without_tests_says_no_test_ran_and_exits_1()
    {
        var file = Path.Combine(_work.FullName, "Lonely.cs");
        await File.WriteAllTextAsync(file, "public static class Lonely\n{\n    public static int Two() => 2;\n}\n");

        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "test", file + ":3");

        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("no test ran", stdout, StringComparison.Ordinal);
        Assert.Contains("runner:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_outside_any_method_is_a_usage_error()
    {
        var file = Path.Combine(_work.FullName, "Empty.cs");
        await File.WriteAllTextAsync(file, "// nothing here\n");

        var (exit, _, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "test", file + ":1");

        Assert.Equal(3, exit);
        Assert.Contains("no method with a body", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_based_app_s_package_is_restored_and_its_tests_use_it()
    {
        var root = Copy("loose-packages");
        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "test", Path.Combine(root, "Box.cs") + ":9", "--json");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var tests = json.RootElement.GetProperty("tests").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("outcome").GetString());
        Assert.Equal(2, tests.Count);
        Assert.All(tests.Values, o => Assert.Equal("passed", o));
        var diagnostics = json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains("#:package Newtonsoft.Json@13.0.3: restored as dotnet run would restore it", diagnostics);
    }

    [Fact]
    public async Task A_file_based_app_whose_package_cannot_be_restored_gets_one_clear_line_and_exits_1()
    {
        var root = Copy("loose-packages");
        var file = Path.Combine(root, "Box.cs");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("Newtonsoft.Json@13.0.3", "FlowLens.No.Such.Package.Anywhere@1.0.0", StringComparison.Ordinal));
        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "test", file + ":9", "--json");

        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        Assert.False(json.RootElement.GetProperty("compiled").GetBoolean());
        var diagnostics = json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains(diagnostics, d => d.StartsWith("#:package FlowLens.No.Such.Package.Anywhere@1.0.0 could not be restored: NU1101", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _cache.Delete(recursive: true);
        _work.Delete(recursive: true);
    }

    private string Copy(string fixture) => Copy("workspace-model", fixture);

    /// <summary>Copies <c>tests/fixtures/GROUP/FIXTURE</c> without its build output.</summary>
    private string Copy(string group, string fixture)
    {
        var source = Path.Combine(FlowLensProcess.RepoRoot, "tests", "fixtures", group, fixture);
        var root = Path.Combine(_work.FullName, fixture);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            var destination = Path.Combine(root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return root;
    }
}
