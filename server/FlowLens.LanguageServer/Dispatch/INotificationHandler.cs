namespace FlowLens.LanguageServer.Dispatch;

/// <summary>Handles one LSP notification method.</summary>
internal interface INotificationHandler<in TParams>
{
    Task HandleAsync(TParams parameters, RequestContext context, CancellationToken cancellationToken);
}
