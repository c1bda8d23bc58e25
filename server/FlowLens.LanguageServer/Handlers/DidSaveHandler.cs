using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;

namespace FlowLens.LanguageServer.Handlers;

/// <summary>
/// Saving changes nothing the server tracks (it works on editor contents), but the notification is accepted so
/// clients that always send it are not logged as calling an unknown method.
/// </summary>
internal sealed class DidSaveHandler : INotificationHandler<DidSaveTextDocumentParams>
{
    public Task HandleAsync(DidSaveTextDocumentParams parameters, RequestContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
