using System.Diagnostics;
using System.Text.Json.Nodes;

namespace FlowLens.Cli.Tests.Loopback;

/// <summary>
/// <c>flowlens run</c>, the real process, against a scripted OpenAI-compatible server on loopback, a copy of
/// <c>samples/compress</c> and the real sandbox: every answer of <c>tests/fixtures/answers</c> ends as its file
/// says, and every server fault ends the run with its message within its time.
/// </summary>
public sealed class LoopbackRunTests : IDisposable
{
    private const string DraftOnly = """{"draft":{"w":1,"n":1,"temperature":0.2}}""";

    private readonly SampleWorkspace _workspace = new();
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-loopback-cache");

    /// <summary>The answers listed in <c>end-to-end.txt</c>: one per family of shapes (every answer runs in process in the sandbox tests).</summary>
    public static TheoryData<string> Answers() => [.. AnswerFixture.EndToEndNames()];

    /// <summary>Each fault as data: what the server does, words the error must hold, and the seconds it may take (process start included).</summary>
    public static TheoryData<ServerFault, string[], int> Faults() => new()
    {
        { ServerFault.NotFound, ["answered 404", "/v1/chat/completions", "The model `scripted` does not exist."], 60 },
        { ServerFault.Html, ["did not answer like an OpenAI-compatible API", "an HTML page", "Welcome to nginx!"], 60 },
        { ServerFault.NotJson, ["did not answer like an OpenAI-compatible API", "not JSON", "upstream connect error"], 60 },
        { ServerFault.EmptyChoices, ["did not answer like an OpenAI-compatible API", "empty \"choices\""], 60 },
        { ServerFault.NeverAnswer, ["no answer from http://127.0.0.1:", "within 3 s", "--request-timeout"], 60 },
    };

    [Fact]
    public async Task Max_tokens_sets_the_answer_budget_each_step_asks_the_server_for()
    {
        var fixture = AnswerFixture.Load("bare-body-fenced.md");
        var answer = new ScriptedAnswer(fixture.Answer, fixture.Finish);
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new(DraftOnly), Steps = new Dictionary<string, ScriptedAnswer> { ["draft"] = answer }, OtherSteps = answer });

        var (exit, _, stderr) = await RunAsync(server.BaseUrl, "--max-tokens", "3000");

        Assert.True(exit == 0, $"exit {exit}\n{stderr}");
        var draft = server.Requests.First(r => r.Kind == "draft");
        Assert.Equal(3000, draft.Body!["max_completion_tokens"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(SampleCountAnswer.Honoured, 1)]
    [InlineData(SampleCountAnswer.OneChoice, 4)]
    public async Task A_draft_of_four_samples_asks_the_server_once_where_it_honours_n(SampleCountAnswer sampleCount, int draftRequests)
    {
        var fixture = AnswerFixture.Load("bare-body-fenced.md");
        var answer = new ScriptedAnswer(fixture.Answer, fixture.Finish);
        await using var server = new ScriptedOpenAIServer(new ServerScript
        {
            Composition = new("""{"draft":{"w":1,"n":4,"temperature":0.8}}"""),
            OtherSteps = answer,
            SampleCount = sampleCount,
        });

        var (exit, stdout, stderr) = await RunAsync(server.BaseUrl);

        Assert.True(exit == 0, $"exit {exit}\n{stderr}");
        var drafts = server.Requests.Where(r => r.Kind == "draft").ToList();
        Assert.Equal(draftRequests, drafts.Count);
        Assert.Equal(4, drafts[0].Body!["n"]!.GetValue<int>());
        Assert.All(drafts.Skip(1), r => Assert.Null(r.Body!["n"]));
        Assert.Contains("4 candidate(s)", stdout, StringComparison.Ordinal);
        var tests = JsonNode.Parse(stdout)!["tests"]!;
        Assert.Equal(tests["total"]!.GetValue<int>(), tests["passed"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Every_answer_shape_ends_as_its_fixture_says(string name)
    {
        var fixture = AnswerFixture.Load(name);
        var answer = new ScriptedAnswer(fixture.Answer, fixture.Finish);
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new(DraftOnly), Steps = new Dictionary<string, ScriptedAnswer> { ["draft"] = answer }, OtherSteps = answer });
        var before = await File.ReadAllTextAsync(Path.Combine(_workspace.Root, SampleWorkspace.TaskFile));

        var (exit, stdout, stderr) = await RunAsync(server.BaseUrl);

        Assert.True(exit == 0, $"{fixture.Shape}: exit {exit}\n{stderr}");
        var report = JsonNode.Parse(stdout)!;
        var tests = report["tests"]!;
        var allPass = tests["compiled"]!.GetValue<bool>() && tests["total"]!.GetValue<int>() > 0 && tests["passed"]!.GetValue<int>() == tests["total"]!.GetValue<int>();
        Assert.NotEmpty(tests["tests"]!.AsArray()); // the workspace's own xunit tests ran, not only the comment's example
        if (fixture.ExpectPass)
        {
            Assert.True(allPass, $"{fixture.Shape}: {tests.ToJsonString()}");
        }
        else
        {
            Assert.False(allPass, $"{fixture.Shape}: expected a failure, all tests passed");
            Assert.Contains(fixture.FailureWords!, stdout, StringComparison.Ordinal);
        }

        // The CLI reports; it never writes a candidate, compiling or not, into the user's file.
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(_workspace.Root, SampleWorkspace.TaskFile)));
        Assert.Contains(server.Requests, r => r.Kind == "draft");
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Each_server_fault_ends_the_run_with_its_message_in_time(ServerFault fault, string[] words, int seconds)
    {
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new(DraftOnly), Fault = fault });
        var clock = Stopwatch.StartNew();

        var (exit, _, stderr) = await RunAsync(server.BaseUrl, "--request-timeout", "3");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"{fault} took {clock.Elapsed.TotalSeconds:0} s");
        Assert.Equal(1, exit);
        var flat = stderr.ReplaceLineEndings(" ");
        foreach (var word in words)
        {
            Assert.Contains(word, flat, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_refused_connection_names_the_url_and_what_to_check_after_bounded_retries()
    {
        var url = ScriptedOpenAIServer.ClosedPortUrl();
        var clock = Stopwatch.StartNew();

        var (exit, _, stderr) = await RunAsync(url);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed.TotalSeconds:0} s");
        Assert.Equal(1, exit);
        var flat = stderr.ReplaceLineEndings(" ");
        Assert.Contains($"could not connect to {url}/chat/completions: connection refused after 3 attempts", flat, StringComparison.Ordinal);
        Assert.Contains("Is the server running", flat, StringComparison.Ordinal);
        Assert.Contains("/v1", flat, StringComparison.Ordinal);
        Assert.Contains("retry 2 of 2", flat, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transient_server_error_is_retried_and_reported_and_the_run_passes()
    {
        var fixture = AnswerFixture.Load("bare-body-fenced.md");
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new(DraftOnly), OtherSteps = new(fixture.Answer), Fault = ServerFault.ServerError, Failures = 1 });

        var (exit, stdout, stderr) = await RunAsync(server.BaseUrl);

        Assert.True(exit == 0, stderr);
        Assert.Contains("answered 500; retry 1 of 2", stderr, StringComparison.Ordinal);
        var tests = JsonNode.Parse(stdout)!["tests"]!;
        Assert.Equal(tests["total"]!.GetValue<int>(), tests["passed"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_slow_server_within_the_timeout_is_waited_for()
    {
        var fixture = AnswerFixture.Load("bare-body-fenced.md");
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new(DraftOnly), OtherSteps = new(fixture.Answer), Fault = ServerFault.Slow, Delay = TimeSpan.FromSeconds(2) });

        var (exit, stdout, stderr) = await RunAsync(server.BaseUrl, "--request-timeout", "60");

        Assert.True(exit == 0, stderr);
        var tests = JsonNode.Parse(stdout)!["tests"]!;
        Assert.Equal(tests["total"]!.GetValue<int>(), tests["passed"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_composition_request_carries_the_selection_schema_and_a_reasoning_shaped_selection_is_read_with_its_repairs()
    {
        var fixture = AnswerFixture.Load("bare-body-fenced.md");
        const string Selection = """
            <think>
            A run-length encoder is one loop; a single draft is enough. {"draft": 0}
            </think>
            ```json
            {
              // one careful draft
              'draft': {'w': '1', 'n': '1', 'temperature': '0.2',},
            }
            ```
            """;
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new(Selection), OtherSteps = new(fixture.Answer) });

        var (exit, stdout, stderr) = await RunAsync(server.BaseUrl);

        Assert.True(exit == 0, stderr);
        var composition = server.Requests.First(r => r.Kind == "meta-agent").Body!;
        var format = composition["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        // The short tuple form (["draft",3,0.7]) is outside OpenAI's strict subset, so the schema is sent for the
        // serving engines that enforce any schema (vLLM, SGLang, llama-server, Ollama) without claiming strict mode.
        var draft = format["json_schema"]!["schema"]!["properties"]!["steps"]!["items"]!["anyOf"]!.AsArray()
            .Single(o => o!["prefixItems"]?[0]?["const"]?.GetValue<string>() == "draft")!;
        Assert.Equal(3, draft["prefixItems"]!.AsArray().Count);
        Assert.NotEqual(true, format["json_schema"]!["strict"]?.GetValue<bool>());
        var report = JsonNode.Parse(stdout)!;
        Assert.Equal("one-pass", report["composition"]!["composer"]!.GetValue<string>());
        Assert.False(report["composition"]!["fallback"]!.GetValue<bool>());
        var repairs = report["composition"]!["repairs"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Contains("ignored the reasoning block before the JSON", repairs);
        Assert.Contains("removed comments", repairs);
        Assert.Contains("read the string \"1\" as the number 1", repairs);
        Assert.StartsWith("draft", report["workflow"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_selection_falls_back_and_the_run_says_so_in_words()
    {
        var fixture = AnswerFixture.Load("bare-body-fenced.md");
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new("I would draft the method and then test it."), OtherSteps = new(fixture.Answer) });

        var (exit, stdout, stderr) = await RunAsync(server.BaseUrl);

        Assert.True(exit == 0, stderr);
        var report = JsonNode.Parse(stdout)!;
        var composition = report["composition"]!;
        Assert.Equal("one-pass (fallback: prior-only)", composition["composer"]!.GetValue<string>());
        Assert.True(composition["fallback"]!.GetValue<bool>());
        Assert.Contains("could not be read (the answer holds no JSON object", composition["fallbackReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("composed from priors: the model's selection was unreadable", report["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openai_backend_without_a_url_is_an_error_and_calls_nobody()
    {
        var (exit, _, stderr) = await FlowLensProcess.RunInAsync(_workspace.Root, _cache.FullName, new Dictionary<string, string>(), "run", $"{SampleWorkspace.TaskFile}:{SampleWorkspace.TaskLine}", "--backend", "openai", "--openai-model", "scripted", "--json");

        Assert.NotEqual(0, exit);
        Assert.Contains("needs its server's URL (--openai-url", stderr.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Contains("never calls a public cloud you did not name", stderr.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _workspace.Dispose();
        try
        {
            _cache.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the system's temp directory.
        }
    }

    /// <summary>Runs <c>flowlens run</c> from inside the workspace with a relative path, as a user in that folder would.</summary>
    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(Uri url, params string[] extra) =>
        FlowLensProcess.RunInAsync(
            _workspace.Root,
            _cache.FullName,
            new Dictionary<string, string>(),
            ["run", $"{SampleWorkspace.TaskFile}:{SampleWorkspace.TaskLine}", "--backend", "openai", "--openai-url", url.ToString().TrimEnd('/'), "--openai-model", "scripted", "--attribution", "off", "--json", .. extra]);
}
