using System.Text.Json.Nodes;

namespace FlowLens.Cli.Tests.Loopback;

/// <summary>
/// <c>flowlens lsp</c>, the real process, configured for the scripted OpenAI-compatible server the way the editor
/// configures it (initialization options), generating the task of a copy of <c>samples/compress</c> with the real
/// sandbox: a good answer arrives as an edit with every test passing; a silent server ends with its message in time.
/// </summary>
public sealed class LoopbackLspTests : IDisposable
{
    private readonly SampleWorkspace _workspace = new();
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-loopback-lsp");

    [Fact]
    public async Task Generate_over_lsp_applies_the_passing_candidate_as_one_edit()
    {
        var answer = AnswerFixture.Load("whole-method-xml-docs.md");
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new("""{"draft":{"w":1,"n":1,"temperature":0.2}}"""), OtherSteps = new(answer.Answer, answer.Finish) });
        await using var lsp = await StartAsync(server.BaseUrl, 60);

        var response = await lsp.RequestAsync("workspace/executeCommand", Generate(), TimeSpan.FromMinutes(4));

        var result = response["result"] ?? throw new Xunit.Sdk.XunitException("generate failed: " + response.ToJsonString());
        Assert.True(result["applied"]!.GetValue<bool>());
        Assert.True(result["total"]!.GetValue<int>() > 1);
        Assert.Equal(result["total"]!.GetValue<int>(), result["passed"]!.GetValue<int>());
        var edit = Assert.Single(lsp.AppliedEdits)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("run++", edit, StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => r.Kind == "meta-agent");
        Assert.Contains(server.Requests, r => r.Kind == "draft");
    }

    [Fact]
    public async Task A_whole_class_answer_arrives_as_one_edit_with_its_body_helpers_and_using()
    {
        var answer = AnswerFixture.Load("06-whole-class-helpers-using.md");
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new("""{"steps":[{"id":"draft","n":1,"temperature":0.2}]}"""), OtherSteps = new(answer.Answer, answer.Finish) });
        await using var lsp = await StartAsync(server.BaseUrl, 60);

        var response = await lsp.RequestAsync("workspace/executeCommand", Generate(), TimeSpan.FromMinutes(4));

        var result = response["result"] ?? throw new Xunit.Sdk.XunitException("generate failed: " + response.ToJsonString());
        Assert.True(result["applied"]!.GetValue<bool>(), response.ToJsonString());
        Assert.Equal(result["total"]!.GetValue<int>(), result["passed"]!.GetValue<int>());

        // One workspace edit (one undo): the using at the top of the file, and the body with the two helpers after the
        // method (adjacent, so one text edit).
        var applied = Assert.Single(lsp.AppliedEdits)!;
        var edits = applied["edit"]!["documentChanges"]!.AsArray().SelectMany(c => c!["edits"]!.AsArray()).Select(e => e!["newText"]!.GetValue<string>()).ToList();
        Assert.True(edits.Count >= 2, string.Join("\n----\n", edits));
        Assert.Contains(edits, e => e.Contains("RunLengthAt(text, i)", StringComparison.Ordinal));
        Assert.Contains(edits, e => e.Contains("private static int RunLengthAt(string text, int start)", StringComparison.Ordinal) && e.Contains("private static void AppendRun(", StringComparison.Ordinal));
        Assert.Contains(edits, e => e.Contains("using System.Text;", StringComparison.Ordinal) && !e.Contains("RunLengthAt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silent_server_ends_the_generation_with_its_message_and_no_edit()
    {
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new("{}"), Fault = ServerFault.NeverAnswer });
        await using var lsp = await StartAsync(server.BaseUrl, 3);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var response = await lsp.RequestAsync("workspace/executeCommand", Generate(), TimeSpan.FromMinutes(2));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed.TotalSeconds:0} s");
        var error = response["error"]?["message"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException("expected an error: " + response.ToJsonString());
        Assert.Contains("no answer from http://127.0.0.1:", error, StringComparison.Ordinal);
        Assert.Contains("within 3 s", error, StringComparison.Ordinal);
        Assert.Contains(lsp.Notifications, n => n["method"]?.GetValue<string>() == "window/showMessage" && n["params"]!["message"]!.GetValue<string>().Contains("no answer from", StringComparison.Ordinal));
        Assert.Empty(lsp.AppliedEdits);
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

    private string FileUri => new Uri(Path.Combine(_workspace.Root, SampleWorkspace.TaskFile)).AbsoluteUri;

    private JsonObject Generate() => new()
    {
        ["command"] = "flowlens.server.generate",
        ["arguments"] = new JsonArray(new JsonObject { ["uri"] = FileUri, ["line"] = SampleWorkspace.TaskLine - 1 }),
    };

    private async Task<LspSession> StartAsync(Uri url, int requestTimeoutSeconds)
    {
        var lsp = new LspSession(_workspace.Root, _cache.FullName);
        var root = new Uri(_workspace.Root + Path.DirectorySeparatorChar).AbsoluteUri;
        var initialize = await lsp.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = root,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = root, ["name"] = "compress" }),
            ["capabilities"] = new JsonObject { ["workspace"] = new JsonObject { ["applyEdit"] = true } },
            ["initializationOptions"] = new JsonObject
            {
                ["backend"] = "openai",
                ["openai"] = new JsonObject { ["url"] = url.ToString().TrimEnd('/'), ["model"] = "scripted" },
                ["requestTimeout"] = requestTimeoutSeconds,
                ["attribution"] = new JsonObject { ["mode"] = "off" },
            },
        }, TimeSpan.FromSeconds(60));
        Assert.NotNull(initialize["result"]);
        await lsp.NotifyAsync("initialized", new JsonObject());
        var text = await File.ReadAllTextAsync(Path.Combine(_workspace.Root, SampleWorkspace.TaskFile));
        await lsp.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = FileUri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = text },
        });
        return lsp;
    }
}
