using System.Text.Json;
using FlowLens.Core.Generation;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Generation;

/// <summary>
/// Turns the generator's <see cref="IProgress{T}"/> reports into LSP work-done progress: begin, report (percentage
/// and current step), end. Notifications go out strictly in order, chained one after another, because a report
/// overtaking "begin" or "end" would be dropped or misread by the client.
/// </summary>
internal sealed class WorkDoneProgressReporter : IProgress<WorkflowProgress>
{
    /// <summary>A client that does not answer <c>window/workDoneProgress/create</c> must not hold up the generation.</summary>
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromSeconds(10);

    private readonly ClientChannel _client;
    private readonly JsonElement? _token;
    private readonly Lock _gate = new();
    private Task _tail = Task.CompletedTask;
    private int _lastPercent = -1;
    private string? _lastStep;
    private bool _ended;

    private WorkDoneProgressReporter(ClientChannel client, JsonElement? token)
    {
        _client = client;
        _token = token;
    }

    public JsonElement? Token => _token;

    /// <summary>
    /// Starts progress on the token the client passed with the request or, when the client supports it, on one the
    /// server creates; otherwise progress is silently not reported.
    /// </summary>
    public static async Task<WorkDoneProgressReporter> BeginAsync(ClientChannel client, ClientFeatures features, JsonElement? clientToken, string title, TimeProvider time, CancellationToken cancellationToken)
    {
        var token = clientToken is { ValueKind: JsonValueKind.String or JsonValueKind.Number } ? clientToken : null;
        if (token is null && features.WorkDoneProgress)
        {
            var created = ProtocolJson.ToElement($"flowlens-{Guid.NewGuid():N}");
            using var timeout = new CancellationTokenSource(CreateTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await client.RequestAsync<WorkDoneProgressCreateParams, JsonElement?>(LspMethods.WorkDoneProgressCreate, new WorkDoneProgressCreateParams(created), linked.Token).ConfigureAwait(false);
                token = created;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The client refused the token or never answered: generation goes on without a progress bar.
                await client.LogAsync(MessageType.Warning, $"window/workDoneProgress/create failed: {ex.Message}").ConfigureAwait(false);
                token = null;
            }
        }

        var reporter = new WorkDoneProgressReporter(client, token);
        lock (reporter._gate)
        {
            reporter.Send(new WorkDoneProgressValue("begin", title, true, null, 0));
        }

        return reporter;
    }

    public void Report(WorkflowProgress value)
    {
        var percent = Math.Clamp(value.Percent, 0, 100);
        lock (_gate)
        {
            // LSP percentages must not go backwards; repeated identical reports are noise.
            if (_ended || (percent <= _lastPercent && value.Step == _lastStep))
            {
                return;
            }

            _lastPercent = Math.Max(_lastPercent, percent);
            _lastStep = value.Step;
            Send(new WorkDoneProgressValue("report", null, true, value.Step, _lastPercent));
        }
    }

    public Task EndAsync(string message)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return _tail;
            }

            _ended = true;
            Send(new WorkDoneProgressValue("end", null, null, message, null));
            return _tail;
        }
    }

    /// <summary>Queues one notification behind the previous ones; callers hold <see cref="_gate"/>.</summary>
    private void Send(WorkDoneProgressValue value)
    {
        if (_token is not { } token)
        {
            return;
        }

        var parameters = new ProgressParams(token, value);
        _tail = _tail.ContinueWith(_ => _client.NotifyAsync(LspMethods.Progress, parameters), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }
}
