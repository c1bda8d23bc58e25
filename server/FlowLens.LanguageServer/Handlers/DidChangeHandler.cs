using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Documents;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Handlers;

/// <summary>
/// Applies incremental changes (LSP lines, UTF-16 characters) to the document's text; its syntax tree is reparsed
/// incrementally, once for however many changes came in between, when task sites are next needed: in the background
/// after a short pause, or on the next code-lens request if that comes first.
/// </summary>
internal sealed class DidChangeHandler(ServerContext server, TaskSitePrefetch prefetch) : INotificationHandler<DidChangeTextDocumentParams>
{
    public async Task HandleAsync(DidChangeTextDocumentParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var uri = parameters.TextDocument.Uri;
        var version = parameters.TextDocument.Version ?? 0;
        if (!server.Documents.Change(uri, version, ProtocolConversion.ToDocumentChanges(parameters.ContentChanges)))
        {
            await server.Client.LogAsync(MessageType.Warning, $"didChange for a document that is not open: {uri}").ConfigureAwait(false);
            return;
        }

        if (server.EditorDocuments is { } editor && DocumentUris.IsFile(uri) && server.Documents.Current.Find(uri) is { } document)
        {
            // The workspace views follow the editor, so context assembly and test selection see unsaved text.
            editor.Changed(DocumentUris.ToFilePath(uri), document.Text.Text);
        }

        prefetch.Schedule(uri, version, server.Lifecycle.ShutdownToken);
    }
}
