using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Generation;
using FlowLens.LanguageServer.Protocol;

namespace FlowLens.LanguageServer.Handlers;

/// <summary>The user pressed Cancel on the progress notification.</summary>
internal sealed class WorkDoneProgressCancelHandler(GenerationService generation) : INotificationHandler<WorkDoneProgressCancelParams>
{
    public Task HandleAsync(WorkDoneProgressCancelParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        generation.CancelByProgressToken(parameters.Token);
        return Task.CompletedTask;
    }
}
