using FlowLens.LanguageServer.Dispatch;

namespace FlowLens.LanguageServer.Tests.Fakes;

/// <summary>A handler that signals it started, then waits until cancelled.</summary>
internal sealed class WaitingHandler(TaskCompletionSource started) : IRequestHandler<string, string>
{
    public async Task<string> HandleAsync(string parameters, RequestContext context, CancellationToken cancellationToken)
    {
        started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return parameters;
    }
}
