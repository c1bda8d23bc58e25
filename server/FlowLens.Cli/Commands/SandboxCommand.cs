using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FlowLens.Core.Evaluation;
using FlowLens.Sandbox;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens sandbox run</c>: compile and test one candidate in the sandbox, either a whole program whose
/// <c>Debug.Assert</c> calls are the tests, or candidate sources with xunit test files. Exit 0: every test passed;
/// 1: a test failed or it did not compile; 2: the policy rejected it; 3: usage error.
/// </summary>
internal static class SandboxCommand
{
    private const int UsageError = 3;

    public static Command Create()
    {
        var program = new Option<FileInfo?>("--program") { Description = "A whole C# program; each Debug.Assert in it is a test." };
        var source = new Option<FileInfo[]>("--source") { Description = "Candidate source file(s) (policed), with --tests.", AllowMultipleArgumentsPerToken = true };
        var tests = new Option<FileInfo[]>("--tests") { Description = "xunit test file(s) (trusted), with --source.", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var timeout = new Option<int>("--timeout-ms") { Description = "Per-test timeout in milliseconds.", DefaultValueFactory = _ => 5000 };

        var run = new Command("run", "Compile and test a candidate in the sandbox.");
        run.Options.Add(program);
        run.Options.Add(source);
        run.Options.Add(tests);
        run.Options.Add(json);
        run.Options.Add(timeout);
        run.SetAction(async (result, cancellationToken) =>
        {
            var programFile = result.GetValue(program);
            var sources = result.GetValue(source) ?? [];
            var testFiles = result.GetValue(tests) ?? [];
            if ((programFile is null) == (sources.Length == 0) || (sources.Length > 0 && testFiles.Length == 0) || (programFile is not null && testFiles.Length > 0))
            {
                await Console.Error.WriteLineAsync("usage: flowlens sandbox run --program FILE.cs [--json] | --source CANDIDATE.cs --tests TESTS.cs [--json]").ConfigureAwait(false);
                return UsageError;
            }

            var missing = new[] { programFile }.Concat(sources).Concat(testFiles).OfType<FileInfo>().FirstOrDefault(f => !f.Exists);
            if (missing is not null)
            {
                await Console.Error.WriteLineAsync($"no such file: {missing.FullName}").ConfigureAwait(false);
                return UsageError;
            }

            using var pool = new SandboxPool(new SandboxOptions(PoolSize: 1, TestTimeout: TimeSpan.FromMilliseconds(Math.Max(1, result.GetValue(timeout)))));
            var runner = new SandboxRunner(pool);
            var report = programFile is not null
                ? await runner.RunProgramAsync(await Read(programFile, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)
                : await runner.RunXunitAsync(
                    await Task.WhenAll(sources.Select(f => Read(f, cancellationToken))).ConfigureAwait(false),
                    await Task.WhenAll(testFiles.Select(f => Read(f, cancellationToken))).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);

            if (result.GetValue(json))
            {
                Console.Out.WriteLine(ToJson(report));
            }
            else
            {
                Render(report, pool.NetworkIsolationDescription);
            }

            return report.Rejected.Count > 0 ? 2 : report.Compiled && report.Crash is null && report.Tests.Count > 0 && report.Tests.All(t => t.Outcome == TestOutcome.Passed) ? 0 : 1;
        });

        var command = new Command("sandbox", "Run candidates in the sandbox (compile, API policy, tests).");
        command.Subcommands.Add(run);
        return command;
    }

    private static async Task<SandboxFile> Read(FileInfo file, CancellationToken cancellationToken) =>
        new(file.Name, await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false));

    private static string ToJson(EvaluationReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("compiled", report.Compiled);
            writer.WriteStartArray("rejected");
            foreach (var violation in report.Rejected)
            {
                writer.WriteStartObject();
                writer.WriteString("symbol", violation.Symbol);
                writer.WriteNumber("line", violation.Line);
                writer.WriteString("reason", violation.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("diagnostics");
            foreach (var diagnostic in report.Diagnostics)
            {
                writer.WriteStringValue(diagnostic);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("tests");
            foreach (var test in report.Tests)
            {
                writer.WriteStartObject();
                writer.WriteString("name", test.Name);
                writer.WriteString("outcome", test.Outcome.ToString().ToLowerInvariant());
                writer.WriteString("message", test.Message);
                writer.WriteNumber("ms", Math.Round(test.Milliseconds, 2));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (report.Crash is not null)
            {
                writer.WriteString("crash", report.Crash);
            }

            writer.WriteNumber("passed", report.Tests.Count(t => t.Outcome == TestOutcome.Passed));
            writer.WriteNumber("failed", report.Tests.Count(t => t.Outcome != TestOutcome.Passed));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Render(EvaluationReport report, string network)
    {
        foreach (var violation in report.Rejected)
        {
            AnsiConsole.MarkupLine($"[red]rejected[/] {Markup.Escape(violation.Symbol)} (line {violation.Line}): {Markup.Escape(violation.Reason)}");
        }

        foreach (var diagnostic in report.Diagnostics)
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(diagnostic)}[/]");
        }

        if (report.Crash is not null)
        {
            AnsiConsole.MarkupLine($"[red]crash[/] {Markup.Escape(report.Crash)}");
        }

        var table = new Table().AddColumns("test", "outcome", "ms", "message");
        foreach (var test in report.Tests)
        {
            var color = test.Outcome == TestOutcome.Passed ? "green" : "red";
            table.AddRow(Markup.Escape(test.Name), $"[{color}]{test.Outcome.ToString().ToLowerInvariant()}[/]", test.Milliseconds.ToString("0.0", CultureInfo.InvariantCulture), Markup.Escape(test.Message ?? string.Empty));
        }

        AnsiConsole.Write(table);
        var passed = report.Tests.Count(t => t.Outcome == TestOutcome.Passed);
        AnsiConsole.MarkupLine($"{passed}/{report.Tests.Count} passed, compiled: {report.Compiled}, {report.Milliseconds:0} ms, {Markup.Escape(network)}");
    }
}
