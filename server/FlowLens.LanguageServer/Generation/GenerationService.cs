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
/// "Generate workflow" for one task: runs the generator off the request path with progress, records the result
/// for the lenses, and proposes the new method body to the client as one confirmable edit located on the
/// document's current text (the user may have typed meanwhile). Nothing is written to disk here.
/// </summary>
internal sealed class GenerationService(ServerContext server)
{
    /// <summary>How often to re-locate and resend the edit when the client refused it because the document moved on.</summary>
    private const int ApplyAttempts = 3;

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
        var outcome = "Cancelled.";
        try
        {
            await server.PublishStatusAsync().ConfigureAwait(false);
            _ = RefreshLensesAsync();
            using var lease = await server.Generators.AcquireAsync(running.Token).ConfigureAwait(false);
            progress = await WorkDoneProgressReporter.BeginAsync(server.Client, server.Features, workDoneToken, $"FlowLens: {site.MethodName}", server.Time, running.Token).ConfigureAwait(false);
            if (progress.Token is { } token)
            {
                _byProgressToken[token.GetRawText()] = running;
            }

            var filePath = DocumentUris.ToFilePath(document.Uri);
            var target = new TaskTarget(filePath, document.Text.Text, site, new TaskTests.Workspace(server.Roots.RootFor(filePath)));

            // Off the dispatcher: a generator that does synchronous work before its first await must not stall typing.
            var run = await Task.Run(() => lease.Generator.GenerateAsync(target, progress, running.Token), running.Token).ConfigureAwait(false);
            completed = new CompletedRun(key, run, server.Time.GetUtcNow());
            outcome = run.Summary;
        }
        catch (OperationCanceledException) when (running.Token.IsCancellationRequested)
        {
            throw Dispatcher.Error(LspErrorCodes.RequestCancelled, $"Generation of {site.MethodName} was cancelled.");
        }
        catch (Exception ex) when (ex is not LocalRpcException)
        {
            outcome = "Failed.";
            await server.Client.LogAsync(MessageType.Error, $"generating {site.MethodName} failed: {ex}").ConfigureAwait(false);
            await server.Client.ShowMessageAsync(MessageType.Error, $"FlowLens: generating {site.MethodName} failed: {ex.Message}").ConfigureAwait(false);
            throw Dispatcher.Error(LspErrorCodes.RequestFailed, $"Generating {site.MethodName} failed: {ex.Message}");
        }
        finally
        {
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
            if (completed is null)
            {
                _ = RefreshLensesAsync();
            }
        }

        var applied = await ApplyAsync(key, completed.Run, cancellationToken).ConfigureAwait(false);
        if (completed.Run.Notice is { Length: > 0 } notice)
        {
            await server.Client.ShowMessageAsync(MessageType.Info, $"FlowLens: {notice}").ConfigureAwait(false);
        }

        _ = RefreshLensesAsync();
        return ProtocolConversion.ToGenerateResult(completed.Run, applied);
    }

    public void CancelByProgressToken(JsonElement token)
    {
        if (_byProgressToken.TryGetValue(token.GetRawText(), out var running))
        {
            running.Cancel();
        }
    }

    private async Task<bool> ApplyAsync(TaskKey key, WorkflowRun run, CancellationToken cancellationToken)
    {
        if (run.FinalMethodBody is not { } body)
        {
            await server.Client.ShowMessageAsync(MessageType.Warning, $"FlowLens: the workflow for {key.MethodName} produced no method body.").ConfigureAwait(false);
            return false;
        }

        if (!server.Features.ApplyEdit)
        {
            await server.Client.ShowMessageAsync(MessageType.Warning, "FlowLens: the client cannot apply edits (workspace.applyEdit); the result was not applied.").ConfigureAwait(false);
            return false;
        }

        for (var attempt = 0; attempt < ApplyAttempts; attempt++)
        {
            var document = server.Documents.Current.Find(key.Uri);
            var task = document?.Tasks.FirstOrDefault(t => TaskKey.For(key.Uri, t.Site) == key);
            if (document is null || task is null)
            {
                await server.Client.ShowMessageAsync(MessageType.Warning, $"FlowLens: the task for {key.MethodName} changed or was closed while generating; the result was not applied.").ConfigureAwait(false);
                return false;
            }

            // The same placement the sandbox compiled: body, added members and usings, in the file's line endings.
            var placed = CandidatePlacement.Place(run.FinalCandidate ?? CandidateEdit.OfBody(body), document.Text.Text, task.Site);
            if (placed.Failure is { } failure)
            {
                await server.Client.ShowMessageAsync(MessageType.Warning, $"FlowLens: the result for {key.MethodName} was not applied: {failure}.").ConfigureAwait(false);
                return false;
            }

            var edit = ProtocolConversion.ToCandidateEdit(document, placed.Edits, key.MethodName, server.Features);
            var result = await server.Client.RequestAsync<ApplyWorkspaceEditParams, ApplyWorkspaceEditResult?>(LspMethods.ApplyEdit, edit, cancellationToken).ConfigureAwait(false);
            if (result?.Applied == true)
            {
                return true;
            }

            // Refused: retry only if the document has moved on since the edit was made (a version mismatch).
            if (server.Documents.Current.Find(key.Uri)?.Version == document.Version)
            {
                await server.Client.LogAsync(MessageType.Info, $"edit for {key.MethodName} not applied: {result?.FailureReason ?? "declined"}").ConfigureAwait(false);
                return false;
            }
        }

        return false;
    }

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
