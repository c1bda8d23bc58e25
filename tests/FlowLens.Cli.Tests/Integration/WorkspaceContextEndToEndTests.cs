using System.Text.Json;
using System.Text.Json.Nodes;
using FlowLens.Cli.Tests.Loopback;

namespace FlowLens.Cli.Tests.Integration;

/// <summary>
/// <c>flowlens run</c> as a real process on the invoice fixture, with a model that can use only what it is shown:
/// it writes the right body when the prompt shows the invoice's private list and currency field, its rounding
/// helper, the two records and the percentage extension from the other project, and otherwise guesses names from
/// the task text, as a model without the workspace would. The real sandbox runs the fixture's xunit tests. The same
/// through <c>flowlens lsp</c>, where the capability's details document shows the context its prompt carried.
/// </summary>
public sealed class WorkspaceContextEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-context-cache");
    private readonly List<InvoiceWorkspace> _workspaces = [];

    [Fact]
    public async Task The_invoice_total_passes_with_workspace_context_and_fails_without()
    {
        await using var model = new OpenAILoopbackModel(InvoiceWorkspace.Answer);

        using var with = await RunAsync(model, []);
        using var without = await RunAsync(model, ["--context-tokens", "0"]);

        var tests = with.RootElement.GetProperty("tests");
        Assert.True(tests.GetProperty("compiled").GetBoolean(), tests.ToString());
        Assert.Equal(3, tests.GetProperty("total").GetInt32());
        Assert.Equal(3, tests.GetProperty("passed").GetInt32());
        var context = with.RootElement.GetProperty("context");
        Assert.Contains("3 test(s)", context.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.False(context.GetProperty("exactCount").GetBoolean());
        Assert.Contains(context.GetProperty("included").EnumerateArray(), i => i.GetProperty("title").GetString()!.StartsWith("Billing.Model.InvoiceTotal", StringComparison.Ordinal));

        var failed = without.RootElement.GetProperty("tests");
        Assert.False(failed.GetProperty("compiled").GetBoolean(), failed.ToString());
        Assert.Equal(0, failed.GetProperty("passed").GetInt32());
        Assert.Equal(JsonValueKind.Null, without.RootElement.GetProperty("context").ValueKind);
    }

    [Fact]
    public async Task The_invoice_total_passes_over_lsp_and_the_details_show_the_context_each_step_was_given()
    {
        await using var model = new OpenAILoopbackModel(prompt => prompt.Contains("You compose workflows", StringComparison.Ordinal)
            ? """{"steps":["draft"]}"""
            : InvoiceWorkspace.Answer(prompt));
        var workspace = new InvoiceWorkspace();
        _workspaces.Add(workspace);
        var uri = new Uri(workspace.TaskFile).AbsoluteUri;
        await using var lsp = new LspSession(workspace.Root, _cache.FullName);
        var root = new Uri(workspace.Root + Path.DirectorySeparatorChar).AbsoluteUri;
        var initialize = await lsp.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = root,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = root, ["name"] = "invoice" }),
            ["capabilities"] = new JsonObject { ["workspace"] = new JsonObject { ["applyEdit"] = true } },
            ["initializationOptions"] = new JsonObject
            {
                ["backend"] = "openai",
                ["openai"] = new JsonObject { ["url"] = model.Url, ["model"] = "scripted" },
                ["requestTimeout"] = 60,
            },
        }, TimeSpan.FromSeconds(60));
        Assert.NotNull(initialize["result"]);
        await lsp.NotifyAsync("initialized", new JsonObject());
        await lsp.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = await File.ReadAllTextAsync(workspace.TaskFile) },
        });
        var at = new JsonObject { ["uri"] = uri, ["line"] = workspace.TaskLine - 1 };

        var response = await lsp.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "flowlens.server.generate", ["arguments"] = new JsonArray(at.DeepClone()) }, TimeSpan.FromMinutes(5));

        var result = response["result"] ?? throw new Xunit.Sdk.XunitException("generate failed: " + response.ToJsonString());
        Assert.True(result["applied"]!.GetValue<bool>(), response.ToJsonString());
        Assert.Equal(3, result["total"]!.GetValue<int>());
        Assert.Equal(3, result["passed"]!.GetValue<int>());
        var edit = Assert.Single(lsp.AppliedEdits)!.ToJsonString();
        Assert.Contains("RoundCents(_lines.Sum(", edit, StringComparison.Ordinal);

        var details = await lsp.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "flowlens.server.capabilityDetails",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = uri, ["line"] = workspace.TaskLine - 1, ["capability"] = "draft" }),
        }, TimeSpan.FromSeconds(60));
        var markdown = details["result"]?["markdown"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException("no details: " + details.ToJsonString());
        Assert.Contains("### Workspace context", markdown, StringComparison.Ordinal);
        Assert.Contains("Billing.Model.InvoiceTotal", markdown, StringComparison.Ordinal);
        Assert.Contains("3 test(s)", markdown, StringComparison.Ordinal);
        List<string> prompts;
        lock (model.Prompts)
        {
            prompts = [.. model.Prompts];
        }

        Assert.Contains(prompts, p => InvoiceWorkspace.Needed.All(n => p.Contains(n, StringComparison.Ordinal)));
    }

    private async Task<JsonDocument> RunAsync(OpenAILoopbackModel model, string[] extra)
    {
        var workspace = new InvoiceWorkspace();
        _workspaces.Add(workspace);
        string[] args = ["run", $"{workspace.TaskFile}:{workspace.TaskLine}", "--backend", "openai", "--openai-url", model.Url, "--openai-model", "scripted", "--composer", "prior-only", "--attribution", "off", "--json", .. extra];
        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, args);
        Assert.True(exit == 0, $"exit {exit}\n{stderr}\n{stdout}");
        return JsonDocument.Parse(stdout);
    }

    public void Dispose()
    {
        _cache.Delete(recursive: true);
        foreach (var workspace in _workspaces)
        {
            workspace.Dispose();
        }
    }
}
