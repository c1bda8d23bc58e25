using System.Collections.Concurrent;
using System.Text.Json;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Generation;
using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Server;
using FlowLens.LanguageServer.Tasks;
using StreamJsonRpc;

namespace FlowLens.LanguageServer.Generation;

/// <summary>
/// "Generate workflow" for one task, in two stages: runs the generator off the request path with progress until the
/// result is ready, records it for the lenses (capabilities marked "attributing…") and proposes it to the client as
/// one edit located on the document's current text (the user may have typed meanwhile), while attribution runs in
/// the background. Cancelling during attribution keeps the code; an edit to the method meanwhile drops the
/// attribution. Nothing is written to disk here.
/// </summary>
internal sealed class GenerationService(ServerContext server)
{
    /// <summary>How often to re-locate and resend the edit when the client refused it because the document moved on.</summary>
    private const int ApplyAttempts = 3;

    private const string ApplyAction = "Apply";
    private const string KeepAction = "Keep my code";

    private readonly ConcurrentDictionary<string, RunningGeneration> _byProgressToken = new(StringComparer.Ordinal);

    public async Task<GenerateResult> GenerateAsync(GenerateCommandArguments arguments, JsonElement? workDoneToken, RequestContext context, CancellationToken cancellationToken)
    {
        var document = context.Snapshot.Find(arguments.Uri)
            ?? throw Dispatcher.Error(LspErrorCodes.RequestFailed, $"{arguments.Uri} is not open.");
        var selection = arguments.Selection is null ? (TextRange?)null : ProtocolConversion.ToCore(arguments.Selection);
        var site = TaskSelection.For(document, arguments.Line, selection)?.Site
            ?? throw Dispatcher.Error(LspErrorCodes.RequestFailed, $"No // TASK: comment above a method at line {arguments.Line + 1}.");
        var key = TaskKey.For(document.Uri, site);
        var running = server.Runs.TryStart(key, cancellationToken)
            ?? throw Dispatcher.Error(LspErrorCodes.RequestFailed, $"A generation for {site.MethodName} is already running.");

        CompletedRun? completed = null;
        WorkDoneProgressReporter? progress = null;
        GeneratorLease? lease = null;
        StagedRun staged;
        try
        {
            await server.PublishStatusAsync().ConfigureAwait(false);
            _ = RefreshLensesAsync();
            lease = await server.Generators.AcquireAsync(running.Token).ConfigureAwait(false);
            progress = await WorkDoneProgressReporter.BeginAsync(server.Client, server.Features, workDoneToken, $"FlowLens: {site.MethodName}", server.Time, running.Token).ConfigureAwait(false);
            if (progress.Token is { } token)
            {
                _byProgressToken[token.GetRawText()] = running;
            }

            var filePath = DocumentUris.ToFilePath(document.Uri);
            var target = new TaskTarget(filePath, document.Text.Text, site, new TaskTests.Workspace(server.Roots.RootFor(filePath)));

            // Off the dispatcher: a generator that does synchronous work before its first await must not stall typing.
            var generator = lease.Generator;
            staged = await Task.Run(() => generator.StartAsync(target, progress, running.Token), running.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Read before ending: ending disposes the generation's cancellation source.
            var cancelled = ex is OperationCanceledException && running.Token.IsCancellationRequested;
            await EndAsync(running, progress, lease, null, ex is OperationCanceledException ? "Cancelled." : "Failed.").ConfigureAwait(false);
            if (cancelled)
            {
                throw Dispatcher.Error(LspErrorCodes.RequestCancelled, $"Generation of {site.MethodName} was cancelled.");
            }

            if (ex is LocalRpcException)
            {
                throw;
            }

            await server.Client.LogAsync(MessageType.Error, $"generating {site.MethodName} failed: {ex}").ConfigureAwait(false);
            await server.Client.ShowMessageAsync(MessageType.Error, $"FlowLens: generating {site.MethodName} failed: {ex.Message}").ConfigureAwait(false);
            throw Dispatcher.Error(LspErrorCodes.RequestFailed, $"Generating {site.MethodName} failed: {ex.Message}");
        }

        // Stage 1 is done: the lenses show the result at once, the edit goes out, and attribution runs beside it.
        completed = new CompletedRun(key, staged.Result, server.Time.GetUtcNow(), staged.Capabilities, AttributionState.Pending);
        server.Runs.Record(running, completed);
        progress.Report(new WorkflowProgress(WorkflowProgress.ResultDone, $"code ready ({Tests(staged.Result)}); attributing (stage 2 of 2)"));
        _ = RefreshLensesAsync();
        var attribution = Task.Run(() => staged.AttributeAsync(progress, running.Token), running.Token);

        EditProposal proposal;
        try
        {
            proposal = await ProposeAsync(key, staged.Result, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The client went away or the request was cancelled mid-proposal: stop attributing, keep the recorded result.
            running.Cancel();
            await ((Task)attribution).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await EndAsync(running, progress, lease, completed with { Attribution = AttributionState.Cancelled }, "Cancelled.").ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw Dispatcher.Error(LspErrorCodes.RequestCancelled, $"Generation of {site.MethodName} was cancelled.");
            }

            throw;
        }

        if (staged.Result.Notice is { Length: > 0 } notice)
        {
            await server.Client.ShowMessageAsync(MessageType.Info, $"FlowLens: {notice}").ConfigureAwait(false);
        }

        var state = AttributionState.Done;
        var run = staged.Result;
        try
        {
            run = await attribution.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (running.Token.IsCancellationRequested)
        {
            state = AttributionState.Cancelled;
        }
        catch (Exception ex)
        {
            state = AttributionState.Failed;
            await server.Client.LogAsync(MessageType.Error, $"attributing {site.MethodName} failed (the result is kept): {ex}").ConfigureAwait(false);
        }

        if (state == AttributionState.Done && !DescribesCurrentText(key, proposal))
        {
            // The user changed the method while attribution ran: its contributions explain code that is no longer there.
            state = AttributionState.Dropped;
            run = staged.Result;
            await server.Client.LogAsync(MessageType.Info, $"attribution for {site.MethodName} dropped: the method changed while it ran").ConfigureAwait(false);
        }

        completed = completed with { Run = run, Attribution = state };
        await EndAsync(running, progress, lease, completed, state switch
        {
            AttributionState.Done => run.Summary,
            AttributionState.Cancelled => "Attribution cancelled; the code is kept.",
            AttributionState.Dropped => "Attribution dropped: the method changed.",
            _ => "Attribution failed; the code is kept.",
        }).ConfigureAwait(false);
        return ProtocolConversion.ToGenerateResult(run, proposal.Applied, state);
    }

    public void CancelByProgressToken(JsonElement token)
    {
        if (_byProgressToken.TryGetValue(token.GetRawText(), out var running))
        {
            running.Cancel();
        }
    }

    /// <summary>Ends a generation in either stage: records its final state, ends progress, and tells the client.</summary>
    private async Task EndAsync(RunningGeneration running, WorkDoneProgressReporter? progress, GeneratorLease? lease, CompletedRun? completed, string outcome)
    {
        lease?.Dispose();
        server.Runs.Finish(running, completed);
        if (progress?.Token is { } token)
        {
            _byProgressToken.TryRemove(token.GetRawText(), out _);
        }

        if (progress is not null)
        {
            await progress.EndAsync(outcome).ConfigureAwait(false);
        }

        await server.PublishStatusAsync().ConfigureAwait(false);
        _ = RefreshLensesAsync();
    }

    private static string Tests(WorkflowRun run) => run.FinalReport is { } report ? $"{report.Passed}/{report.Total} tests" : "no result";

    /// <summary>
    /// Proposes the result to the client by the rules of <see cref="CandidateReview"/>. Returns whether it was applied
    /// and the method body the run's attribution will describe: the new body when applied, else the text as it stands.
    /// </summary>
    private async Task<EditProposal> ProposeAsync(TaskKey key, WorkflowRun run, CancellationToken cancellationToken)
    {
        var review = CandidateReview.Of(run.FinalReport);
        if (run.FinalMethodBody is not { } body)
        {
            await server.Client.ShowMessageAsync(MessageType.Warning, $"FlowLens: the workflow for {key.MethodName} produced no method body.").ConfigureAwait(false);
            return Unchanged(key);
        }

        if (review.Kind == CandidateVerdict.Refused)
        {
            await server.Client.ShowMessageAsync(MessageType.Warning, $"FlowLens: the result for {key.MethodName} {review.Verdict}, so it was not applied. A capability lens opens its details with every diagnostic.").ConfigureAwait(false);
            return Unchanged(key);
        }

        if (!server.Features.ApplyEdit)
        {
            await server.Client.ShowMessageAsync(MessageType.Warning, "FlowLens: the client cannot apply edits (workspace.applyEdit); the result was not applied.").ConfigureAwait(false);
            return Unchanged(key);
        }

        // A client without change annotations cannot preview the edit, so a failing candidate is confirmed by a question first.
        if (review.Kind == CandidateVerdict.NeedsConfirmation && !server.Features.ChangeAnnotations && !await ConfirmAsync(key, review, cancellationToken).ConfigureAwait(false))
        {
            return Unchanged(key);
        }

        for (var attempt = 0; attempt < ApplyAttempts; attempt++)
        {
            var document = server.Documents.Current.Find(key.Uri);
            var task = document?.Tasks.FirstOrDefault(t => TaskKey.For(key.Uri, t.Site) == key);
            if (document is null || task is null)
            {
                await server.Client.ShowMessageAsync(MessageType.Warning, $"FlowLens: the task for {key.MethodName} changed or was closed while generating; the result was not applied.").ConfigureAwait(false);
                return new EditProposal(false, null, -1);
            }

            // The same placement the sandbox compiled: body, added members and usings, in the file's line endings.
            var placed = CandidatePlacement.Place(run.FinalCandidate ?? CandidateEdit.OfBody(body), document.Text.Text, task.Site);
            if (placed.Failure is { } failure)
            {
                await server.Client.ShowMessageAsync(MessageType.Warning, $"FlowLens: the result for {key.MethodName} was not applied: {failure}.").ConfigureAwait(false);
                return Unchanged(key);
            }

            var edit = ProtocolConversion.ToCandidateEdit(document, placed.Edits, key.MethodName, server.Features, review);
            var indented = placed.Text.Substring(placed.CodeStart, placed.BodyLength);
            var result = await server.Client.RequestAsync<ApplyWorkspaceEditParams, ApplyWorkspaceEditResult?>(LspMethods.ApplyEdit, edit, cancellationToken).ConfigureAwait(false);
            if (result?.Applied == true)
            {
                return new EditProposal(true, indented, document.Version);
            }

            // Refused: retry only if the document has moved on since the edit was made (a version mismatch).
            if (server.Documents.Current.Find(key.Uri)?.Version == document.Version)
            {
                await server.Client.LogAsync(MessageType.Info, $"edit for {key.MethodName} not applied: {result?.FailureReason ?? "declined"}").ConfigureAwait(false);
                return Unchanged(key);
            }
        }

        return Unchanged(key);
    }

    private async Task<bool> ConfirmAsync(TaskKey key, CandidateReview review, CancellationToken cancellationToken)
    {
        var question = new ShowMessageRequestParams(
            MessageType.Warning,
            $"FlowLens: the result for {key.MethodName} {review.Verdict}. Apply it anyway?",
            [new MessageActionItem(ApplyAction), new MessageActionItem(KeepAction)]);
        try
        {
            var answer = await server.Client.RequestAsync<ShowMessageRequestParams, MessageActionItem?>(LspMethods.ShowMessageRequest, question, cancellationToken).ConfigureAwait(false);
            return answer?.Title == ApplyAction;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No answer is no consent: the user's code stays as it is.
            await server.Client.LogAsync(MessageType.Warning, $"asking to apply the result for {key.MethodName} failed: {ex.Message}").ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>A proposal that left the document as it is: attribution describes the method as it stands now.</summary>
    private EditProposal Unchanged(TaskKey key) => new(false, CurrentBody(key), server.Documents.Current.Find(key.Uri)?.Version ?? -1);

    /// <summary>The body of the task's method in the document as the server has it now; null when the task is gone.</summary>
    private string? CurrentBody(TaskKey key)
    {
        var document = server.Documents.Current.Find(key.Uri);
        var task = document?.Tasks.FirstOrDefault(t => TaskKey.For(key.Uri, t.Site) == key);
        if (document is null || task is null)
        {
            return null;
        }

        var start = document.Text.OffsetOf(task.BodyRange.Start);
        return document.Text.Text[start..document.Text.OffsetOf(task.BodyRange.End)];
    }

    /// <summary>
    /// Whether the method still holds what the proposal left there. The same document version means nothing changed
    /// (an applied edit's own change may not have arrived yet, and no later edit can overtake it); a later version must
    /// hold the same body, layout (whitespace) aside.
    /// </summary>
    private bool DescribesCurrentText(TaskKey key, EditProposal proposal)
    {
        if (proposal.MethodBody is not { } body || server.Documents.Current.Find(key.Uri) is not { } document)
        {
            return false;
        }

        return document.Version == proposal.DocumentVersion || (CurrentBody(key) is { } current && WithoutWhitespace(current) == WithoutWhitespace(body));
    }

    private static string WithoutWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private async Task RefreshLensesAsync()
    {
        if (!server.Features.CodeLensRefresh)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), server.Time);
            await server.Client.RequestAsync<JsonElement?, JsonElement?>(LspMethods.CodeLensRefresh, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A refresh is a hint; the lenses update on the next edit anyway.
            await server.Log.WriteLineAsync($"flowlens: codeLens refresh failed: {ex.Message}").ConfigureAwait(false);
        }
    }
}
