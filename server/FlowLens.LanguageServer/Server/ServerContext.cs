using System.Text.Json;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Projects;
using FlowLens.LanguageServer.Documents;
using FlowLens.LanguageServer.Generation;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Tasks;

namespace FlowLens.LanguageServer.Server;

/// <summary>The state handlers share. Set up once per connection; the fields from <c>initialize</c> are written once.</summary>
internal sealed class ServerContext(
    DocumentStore documents,
    TaskRunStore runs,
    GeneratorHost generators,
    ClientChannel client,
    ServerLifecycle lifecycle,
    TextWriter log,
    TimeProvider time)
{
    private volatile ClientFeatures _features = ClientFeatures.None;
    private volatile WorkspaceRoots _roots = WorkspaceRoots.None;

    public DocumentStore Documents { get; } = documents;

    public TaskRunStore Runs { get; } = runs;

    public GeneratorHost Generators { get; } = generators;

    public ClientChannel Client { get; } = client;

    public ServerLifecycle Lifecycle { get; } = lifecycle;

    public TextWriter Log { get; } = log;

    public TimeProvider Time { get; } = time;

    /// <summary>Runs a method's tests as it stands ("Run its tests"); null when the host gave none.</summary>
    public IMethodTestRunner? MethodTests { get; init; }

    /// <summary>Receives the editor's text for the workspace views; null when the host gave none.</summary>
    public IEditorDocuments? EditorDocuments { get; init; }

    public ClientFeatures Features { get => _features; set => _features = value; }

    public WorkspaceRoots Roots { get => _roots; set => _roots = value; }

    public JsonElement? InitializationOptions { get; set; }

    public Task PublishStatusAsync(string? message = null)
    {
        var status = ProtocolConversion.ToServerStatus(Generators.Status) with { Busy = Runs.AnyRunning };
        return Client.NotifyAsync(LspMethods.ServerStatus, message is null ? status : status with { Message = message });
    }
}
