using System.IO.Pipelines;
using System.Text.Json.Nodes;
using FlowLens.LanguageServer.Tests.Fakes;

namespace FlowLens.LanguageServer.Tests.Infrastructure;

/// <summary>
/// The server running in-process on a pair of pipes, with a <see cref="RawLspClient"/> on the other ends and a
/// scripted generator factory behind it.
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    public const string Uri = "file:///work/demo/src/Calculator.cs";
    public const string RootUri = "file:///work/demo";

    private readonly StringWriter _log = new();

    private ServerHarness(ScriptedGeneratorFactory factory, LanguageServerOptions options)
    {
        Factory = factory;
        var toServer = new Pipe();
        var fromServer = new Pipe();
        Client = new RawLspClient(toServer.Writer.AsStream(), fromServer.Reader.AsStream());
        var serverOptions = options with { Log = TextWriter.Synchronized(_log) };
        ServerTask = Task.Run(() => LanguageServerHost.RunAsync(toServer.Reader.AsStream(), fromServer.Writer.AsStream(), factory, serverOptions, CancellationToken.None));
    }

    public RawLspClient Client { get; }

    public ScriptedGeneratorFactory Factory { get; }

    public Task<int> ServerTask { get; }

    public string Log => _log.ToString();

    public static string CalculatorText => RepoPaths.ReadFixture("Calculator.cs");

    /// <summary>What VS Code declares, trimmed to the parts the server reads.</summary>
    public static JsonObject VsCodeCapabilities() => new()
    {
        ["workspace"] = new JsonObject
        {
            ["applyEdit"] = true,
            ["configuration"] = true,
            ["workspaceEdit"] = new JsonObject { ["documentChanges"] = true, ["changeAnnotationSupport"] = new JsonObject { ["groupsOnLabel"] = true } },
            ["codeLens"] = new JsonObject { ["refreshSupport"] = true },
        },
        ["window"] = new JsonObject { ["workDoneProgress"] = true },
    };

    public static ServerHarness Start(ScriptedGeneratorFactory? factory = null, LanguageServerOptions? options = null) =>
        new(factory ?? new ScriptedGeneratorFactory(), options ?? new LanguageServerOptions());

    public static async Task<ServerHarness> StartInitializedAsync(ScriptedGeneratorFactory? factory = null, JsonObject? capabilities = null, JsonNode? initializationOptions = null)
    {
        var harness = Start(factory);
        await harness.InitializeAsync(capabilities, initializationOptions);
        return harness;
    }

    public async Task<JsonObject> InitializeAsync(JsonObject? capabilities = null, JsonNode? initializationOptions = null)
    {
        var parameters = new JsonObject
        {
            ["processId"] = null,
            ["rootUri"] = RootUri,
            ["capabilities"] = capabilities ?? VsCodeCapabilities(),
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = RootUri, ["name"] = "demo" }),
        };
        if (initializationOptions is not null)
        {
            parameters["initializationOptions"] = initializationOptions.DeepClone();
        }

        var response = await Client.RequestAsync("initialize", parameters);
        await Client.NotifyAsync("initialized", new JsonObject());
        await Client.WaitForAsync("flowlens/serverStatus");
        return response;
    }

    public Task OpenAsync(string text, string uri = Uri, int version = 1) =>
        Client.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = version, ["text"] = text },
        });

    public Task ChangeAsync(int version, int startLine, int startCharacter, int endLine, int endCharacter, string text, string uri = Uri) =>
        Client.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JsonArray(new JsonObject
            {
                ["range"] = Range(startLine, startCharacter, endLine, endCharacter),
                ["text"] = text,
            }),
        });

    public async Task<JsonArray> CodeLensAsync(string uri = Uri)
    {
        var response = await Client.RequestAsync("textDocument/codeLens", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
        return Result(response).AsArray();
    }

    /// <summary>Every lens as "line: title -> command", resolving the ones that come without a command, as VS Code does.</summary>
    public async Task<IReadOnlyList<string>> LensTitlesAsync(string uri = Uri)
    {
        var lines = new List<string>();
        foreach (var lens in await CodeLensAsync(uri))
        {
            var resolved = lens!.AsObject();
            if (resolved["command"] is null)
            {
                resolved = Result(await Client.RequestAsync("codeLens/resolve", resolved)).AsObject();
            }

            lines.Add($"{(int)resolved["range"]!["start"]!["line"]!}: {(string)resolved["command"]!["title"]!} -> {(string)resolved["command"]!["command"]!}");
        }

        return lines;
    }

    public Task<(int Id, Task<JsonObject> Response)> StartGenerateAsync(int line, string uri = Uri) =>
        Client.StartRequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "flowlens.server.generate",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = uri, ["line"] = line }),
        });

    public async Task<int> ShutdownAndExitAsync()
    {
        var shutdown = await Client.RequestAsync("shutdown", null);
        Assert.Null(shutdown["error"]);
        await Client.NotifyAsync("exit", null);
        return await ServerTask.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public static JsonObject Range(int startLine, int startCharacter, int endLine, int endCharacter) => new()
    {
        ["start"] = new JsonObject { ["line"] = startLine, ["character"] = startCharacter },
        ["end"] = new JsonObject { ["line"] = endLine, ["character"] = endCharacter },
    };

    /// <summary>The result of a response, failing the test with the error if there is one.</summary>
    public static JsonNode Result(JsonObject response)
    {
        Assert.True(response["error"] is null, $"Error response: {response["error"]?.ToJsonString()}");
        return response["result"]!;
    }

    public static int ErrorCode(JsonObject response)
    {
        Assert.True(response["error"] is not null, $"Expected an error, got {response.ToJsonString()}");
        return (int)response["error"]!["code"]!;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        try
        {
            await ServerTask.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // A test that left the server running already failed on its own assertion.
        }
    }
}
