using System.Reflection;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Handlers;

/// <summary><c>initialize</c>: records what the client supports and where the workspace is; creates nothing slow.</summary>
internal sealed class InitializeHandler(ServerContext server) : IRequestHandler<InitializeParams, InitializeResult>
{
    private const int IncrementalSync = 2;

    public Task<InitializeResult> HandleAsync(InitializeParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        server.Features = ProtocolConversion.ToClientFeatures(parameters.Capabilities);
        server.Roots = ProtocolConversion.ToWorkspaceRoots(parameters);
        server.InitializationOptions = parameters.InitializationOptions;

        var version = typeof(InitializeHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return Task.FromResult(new InitializeResult(
            new ServerCapabilities(
                new TextDocumentSyncOptions(true, IncrementalSync, new SaveOptions(false)),
                new CodeLensOptions(true),
                new ExecuteCommandOptions(FlowLensCommands.ServerCommands)),
            new ServerInfo("flowlens", version)));
    }
}
