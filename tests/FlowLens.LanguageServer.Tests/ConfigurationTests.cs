using System.Text.Json.Nodes;
using FlowLens.LanguageServer.Tests.Fakes;
using FlowLens.LanguageServer.Tests.Infrastructure;

namespace FlowLens.LanguageServer.Tests;

public sealed class ConfigurationTests
{
    private static JsonObject Section(string backend, string model) => new()
    {
        ["backend"] = backend,
        ["modelPath"] = "",
        ["gpuLayers"] = -1,
        ["contextSize"] = 4096,
        ["threads"] = 0,
        ["ollama"] = new JsonObject { ["url"] = "http://localhost:11434", ["model"] = model },
        ["openai"] = new JsonObject { ["url"] = "http://localhost:8080/v1", ["model"] = "" },
        ["attribution"] = new JsonObject { ["mode"] = "shapley", ["budget"] = 16 },
        ["sandbox"] = new JsonObject { ["timeoutMs"] = 10000, ["memoryMb"] = 512 },
        ["server"] = new JsonObject { ["path"] = "" },
        ["trace"] = new JsonObject { ["server"] = "off" },
    };

    [Fact]
    public async Task Settings_are_pulled_from_the_client_after_initialized()
    {
        var harness = ServerHarness.Start();
        await using var owner = harness;
        harness.Client.Responder = (method, parameters) =>
            method == "workspace/configuration" ? new JsonArray(Section("ollama", "qwen2.5-coder")) : RawLspClient.DefaultResponder(method, parameters);

        await harness.InitializeAsync(initializationOptions: Section("local", "ignored"));

        var request = await harness.Client.WaitForAsync("workspace/configuration");
        Assert.Equal("flowlens", (string)request["params"]!["items"]![0]!["section"]!);
        var settings = Assert.Single(harness.Factory.Created).Settings;
        Assert.Equal("ollama", settings.Backend);
        Assert.Equal("qwen2.5-coder", settings.OllamaModel);
        Assert.Equal("http://localhost:11434", settings.OllamaUrl);
        Assert.Null(settings.ModelPath);
        Assert.Null(settings.Threads);
        Assert.Equal(-1, settings.GpuLayers);
        Assert.Equal("shapley", settings.AttributionMode);
        Assert.Equal(16, settings.AttributionBudget);
        Assert.Equal(10000, settings.SandboxTimeoutMs);
        Assert.Equal(512, settings.SandboxMemoryMb);
    }

    [Fact]
    public async Task Initialization_options_are_used_when_the_client_cannot_be_asked()
    {
        var capabilities = ServerHarness.VsCodeCapabilities();
        capabilities["workspace"]!["configuration"] = false;

        await using var harness = await ServerHarness.StartInitializedAsync(capabilities: capabilities, initializationOptions: Section("openai", ""));

        Assert.Empty(harness.Client.All("workspace/configuration"));
        Assert.Equal("openai", Assert.Single(harness.Factory.Created).Settings.Backend);
    }

    [Fact]
    public async Task A_configuration_change_creates_a_new_generator_and_disposes_the_old_one()
    {
        await using var harness = await ServerHarness.StartInitializedAsync();
        var first = Assert.Single(harness.Factory.Created);

        await harness.Client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["flowlens"] = Section("ollama", "llama3") } });
        await first.Disposed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, harness.Factory.Created.Count);
        Assert.Equal("llama3", harness.Factory.Latest.Settings.OllamaModel);
        Assert.False(harness.Factory.Latest.IsDisposed);
        await harness.OpenAsync(ServerHarness.CalculatorText);
        var (_, response) = await harness.StartGenerateAsync(line: 4);
        ServerHarness.Result(await response);
        Assert.Single(harness.Factory.Latest.Targets);
        Assert.Empty(first.Targets);
    }

    [Fact]
    public async Task A_generator_in_use_is_disposed_only_after_its_generation_ends()
    {
        var gate = new TaskCompletionSource();
        var factory = new ScriptedGeneratorFactory { Script = new() { Gate = gate } };
        await using var harness = await ServerHarness.StartInitializedAsync(factory);
        await harness.OpenAsync(ServerHarness.CalculatorText);
        var (_, response) = await harness.StartGenerateAsync(line: 4);
        await harness.Client.WaitForAsync("$/progress", m => (string?)m["params"]!["value"]!["message"] == "vote");
        var inUse = factory.Latest;

        await harness.Client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["flowlens"] = Section("ollama", "llama3") } });
        await harness.Client.WaitForAsync("flowlens/serverStatus", m => (string?)m["params"]!["backend"] == "ollama");
        Assert.False(inUse.IsDisposed);

        gate.SetResult();
        ServerHarness.Result(await response);
        await inUse.Disposed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_factory_that_cannot_start_is_reported_and_generate_fails_cleanly()
    {
        var factory = new ScriptedGeneratorFactory { CreateFailure = new FileNotFoundException("model.gguf not found") };
        await using var harness = await ServerHarness.StartInitializedAsync(factory);
        await harness.OpenAsync(ServerHarness.CalculatorText);

        var status = await harness.Client.WaitForAsync("flowlens/serverStatus", m => m["params"]!["message"] is not null);
        Assert.Equal("none", (string)status["params"]!["backend"]!);
        Assert.Contains("model.gguf not found", (string)status["params"]!["message"]!, StringComparison.Ordinal);
        await harness.Client.WaitForAsync("window/showMessage", m => (int)m["params"]!["type"]! == 1);

        var (_, response) = await harness.StartGenerateAsync(line: 4);
        Assert.Equal(-32803, ServerHarness.ErrorCode(await response));
        Assert.Equal(0, await harness.ShutdownAndExitAsync());
    }
}
