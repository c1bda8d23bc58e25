namespace FlowLens.LanguageServer.Dispatch;

/// <summary>Handles one LSP request method.</summary>
internal interface IRequestHandler<in TParams, TResult>
{
    Task<TResult> HandleAsync(TParams parameters, RequestContext context, CancellationToken cancellationToken);
}
