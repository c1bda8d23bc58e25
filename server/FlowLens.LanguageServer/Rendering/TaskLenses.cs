using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Documents;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Tasks;

namespace FlowLens.LanguageServer.Rendering;

/// <summary>
/// The lenses above each task comment. "Generate workflow" and "Generating… (Cancel)" come resolved; the result
/// lenses come with data only and get their titles in <c>codeLens/resolve</c>, keeping this path allocation-light.
/// While attribution runs, the summary lens already shows the result and each capability's lens says "attributing…".
/// </summary>
internal static class TaskLenses
{
    public const string GenerateTitle = "Generate workflow";
    public const string RunningTitle = "Generating… (Cancel)";
    public const string UnavailableTitle = "FlowLens: result no longer available";
    public const string AttributingSuffix = ": attributing…";

    public static IReadOnlyList<CodeLens> Build(Document document, TaskRunStore runs)
    {
        var tasks = document.Tasks;
        if (tasks.Count == 0)
        {
            return [];
        }

        var keys = new HashSet<TaskKey>(tasks.Count);
        var lenses = new List<CodeLens>(tasks.Count * 2);
        foreach (var task in tasks)
        {
            var key = TaskKey.For(document.Uri, task.Site);
            keys.Add(key);
            AddLenses(lenses, document.Uri, task, key, runs);
        }

        runs.Prune(document.Uri, keys);
        return lenses;
    }

    /// <summary>Fills in the title and command of a result lens from the run it names.</summary>
    public static CodeLens Resolve(CodeLens lens, TaskRunStore runs)
    {
        if (lens.Command is not null || lens.Data is not { } data)
        {
            return lens;
        }

        var run = data.RunId is null ? null : runs.FindRun(data.RunId);
        if (run is null)
        {
            return lens with { Command = new Command(UnavailableTitle, string.Empty, null) };
        }

        if (data.Kind == LensKinds.Summary)
        {
            return lens with { Command = new Command(run.Run.Summary, FlowLensCommands.ShowWorkflowGraph, [ProtocolJson.ToElement(new WorkflowGraphParams(data.Uri))]) };
        }

        if (data.Kind == LensKinds.PendingCapability && data.Capability is { } pending)
        {
            var details = new CapabilityDetailsArguments(data.Uri, data.Line, pending);
            return lens with { Command = new Command(PendingTitle(pending, run.Attribution), FlowLensCommands.ShowCapabilityDetails, [ProtocolJson.ToElement(details)]) };
        }

        var contribution = run.Run.Contributions.FirstOrDefault(c => c.CapabilityId == data.Capability);
        if (data.Kind != LensKinds.Capability || contribution is null)
        {
            return lens with { Command = new Command(UnavailableTitle, string.Empty, null) };
        }

        var arguments = new CapabilityDetailsArguments(data.Uri, data.Line, contribution.CapabilityId);
        return lens with { Command = new Command(contribution.Label, FlowLensCommands.ShowCapabilityDetails, [ProtocolJson.ToElement(arguments)]) };
    }

    private static void AddLenses(List<CodeLens> lenses, string uri, DocumentTask task, TaskKey key, TaskRunStore runs)
    {
        var line = task.CommentRange.Start.Line;
        var range = ProtocolConversion.ToProtocol(new TextRange(task.CommentRange.Start, task.CommentRange.Start));
        if (runs.Running(key) is { Stage: GenerationStage.Result } running)
        {
            var cancel = new Command(RunningTitle, FlowLensCommands.Cancel, [ProtocolJson.ToElement(new CancelCommandArguments(uri, running.Id))]);
            lenses.Add(new CodeLens(range, cancel, new CodeLensData(uri, line, LensKinds.Running, null, null)));
            return;
        }

        if (runs.Completed(key) is not { } completed)
        {
            var generate = new Command(GenerateTitle, FlowLensCommands.Generate, [ProtocolJson.ToElement(new GenerateCommandArguments(uri, line, null))]);
            lenses.Add(new CodeLens(range, generate, new CodeLensData(uri, line, LensKinds.Generate, null, null)));
            return;
        }

        var runId = completed.Run.RunId;
        lenses.Add(new CodeLens(range, null, new CodeLensData(uri, line, LensKinds.Summary, runId, null)));
        if (completed.Attribution == AttributionState.Done)
        {
            foreach (var contribution in completed.Run.Contributions)
            {
                lenses.Add(new CodeLens(range, null, new CodeLensData(uri, line, LensKinds.Capability, runId, contribution.CapabilityId)));
            }

            return;
        }

        // Until attribution ends (or when it will not), each capability's lens says so instead of a contribution.
        foreach (var capability in completed.Capabilities)
        {
            lenses.Add(new CodeLens(range, null, new CodeLensData(uri, line, LensKinds.PendingCapability, runId, capability)));
        }
    }

    /// <summary>"plan: attributing…" while attribution runs; otherwise why there is no contribution.</summary>
    public static string PendingTitle(string capability, AttributionState state) => state switch
    {
        AttributionState.Pending => capability + AttributingSuffix,
        AttributionState.Cancelled => $"{capability}: attribution cancelled",
        AttributionState.Dropped => $"{capability}: attribution dropped (the method changed)",
        AttributionState.Failed => $"{capability}: attribution failed",
        _ => capability,
    };
}
