using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Handlers;

/// <summary>Applies incremental changes (UTF-16 ranges). Task sites are located lazily, on the next code-lens request.</summary>
internal sealed class DidChangeHandler(ServerContext server) : INotificationHandler<DidChangeTextDocumentParams>
{
    public async Task HandleAsync(DidChangeTextDocumentParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var uri = parameters.TextDocument.Uri;
        var version = parameters.TextDocument.Version ?? 0;
        if (!server.Documents.Change(uri, version, ProtocolConversion.ToDocumentChanges(parameters.ContentChanges)))
        {
            await server.Log.WriteLineAsync($"flowlens: didChange for a document that is not open: {uri}").ConfigureAwait(false);
        }
    }
}
