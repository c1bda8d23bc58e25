using System.Text.Json;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Generation;
using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Documents;
using FlowLens.LanguageServer.Generation;
using FlowLens.LanguageServer.Server;
using FlowLens.LanguageServer.Tasks;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>
/// The one place wire types and Core types meet. Core records are never serialised: everything the client sees
/// is built here from them, and everything the client sends is read into Core types here.
/// </summary>
internal static class ProtocolConversion
{
    private const string GenerateAnnotation = "flowlens.generate";

    public static Position ToProtocol(TextPosition position) => new(position.Line, position.Character);

    public static Range ToProtocol(TextRange range) => new(ToProtocol(range.Start), ToProtocol(range.End));

    public static TextPosition ToCore(Position position) => new(position.Line, position.Character);

    public static TextRange ToCore(Range range) => new(ToCore(range.Start), ToCore(range.End));

    public static IReadOnlyList<DocumentChange> ToDocumentChanges(IReadOnlyList<TextDocumentContentChangeEvent>? changes) =>
        changes is null ? [] : [.. changes.Select(c => new DocumentChange(c.Range is null ? null : ToCore(c.Range), c.Text ?? string.Empty))];

    public static ClientFeatures ToClientFeatures(ClientCapabilities? capabilities) => new(
        Configuration: capabilities?.Workspace?.Configuration == true,
        WorkDoneProgress: capabilities?.Window?.WorkDoneProgress == true,
        CodeLensRefresh: capabilities?.Workspace?.CodeLens?.RefreshSupport == true,
        ApplyEdit: capabilities?.Workspace?.ApplyEdit == true,
        ChangeAnnotations: capabilities?.Workspace?.WorkspaceEdit?.ChangeAnnotationSupport is not null);

    /// <summary>Workspace folders win over <c>rootUri</c>, which wins over the deprecated <c>rootPath</c>.</summary>
    public static WorkspaceRoots ToWorkspaceRoots(InitializeParams parameters)
    {
        if (parameters.WorkspaceFolders is { Count: > 0 } folders)
        {
            return new WorkspaceRoots([.. folders.Select(f => DocumentUris.ToFilePath(f.Uri))]);
        }

        if (parameters.RootUri is { Length: > 0 } rootUri)
        {
            return new WorkspaceRoots([DocumentUris.ToFilePath(rootUri)]);
        }

        return parameters.RootPath is { Length: > 0 } rootPath ? new WorkspaceRoots([rootPath]) : WorkspaceRoots.None;
    }

    /// <summary>
    /// Reads the <c>flowlens</c> section. Accepts the section itself or an object holding it under <c>flowlens</c>
    /// (VS Code's didChangeConfiguration sends the latter); empty strings and zero threads mean "default".
    /// Returns null when there is nothing that looks like settings.
    /// </summary>
    public static FlowLensSettings? ToSettings(JsonElement? settings)
    {
        if (settings is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        if (element.TryGetProperty("flowlens", out var nested))
        {
            if (nested.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            element = nested;
        }

        FlowLensConfiguration? configuration;
        try
        {
            configuration = element.Deserialize<FlowLensConfiguration>(ProtocolJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }

        if (configuration is null)
        {
            return null;
        }

        var defaults = new FlowLensSettings();
        return new FlowLensSettings
        {
            Backend = NullIfEmpty(configuration.Backend) ?? defaults.Backend,
            ModelPath = NullIfEmpty(configuration.ModelPath),
            GpuLayers = configuration.GpuLayers,
            ContextSize = configuration.ContextSize is > 0 ? configuration.ContextSize : null,
            Threads = configuration.Threads is > 0 ? configuration.Threads : null,
            OllamaUrl = NullIfEmpty(configuration.Ollama?.Url),
            OllamaModel = NullIfEmpty(configuration.Ollama?.Model),
            OpenAIUrl = NullIfEmpty(configuration.OpenAI?.Url),
            OpenAIModel = NullIfEmpty(configuration.OpenAI?.Model),
            RequestTimeoutSeconds = configuration.RequestTimeout is > 0 ? configuration.RequestTimeout : null,
            AttributionMode = NullIfEmpty(configuration.Attribution?.Mode) ?? defaults.AttributionMode,
            AttributionBudget = configuration.Attribution?.Budget,
            SandboxTimeoutMs = configuration.Sandbox?.TimeoutMs,
            SandboxMemoryMb = configuration.Sandbox?.MemoryMb,
            RunOtherTests = configuration.Sandbox?.RunOtherTests,
            MaxTokens = configuration.MaxTokens is > 0 ? configuration.MaxTokens : null,
        };
    }

    /// <summary>The status as the client sees it; <c>busy</c> is the server's to set, so it starts false here.</summary>
    public static ServerStatusParams ToServerStatus(GeneratorStatus status) =>
        new(status.ModelLoaded, status.Model, status.Backend, status.Device, false, status.Message);

    public static ContributionInfo ToProtocol(CapabilityContribution contribution) =>
        new(contribution.CapabilityId, contribution.Delta, contribution.Label);

    public static GenerateResult ToGenerateResult(WorkflowRun run, bool applied, AttributionState attribution) => new(
        run.RunId,
        run.Summary,
        run.FinalReport?.Passed ?? 0,
        run.FinalReport?.Total ?? 0,
        attribution == AttributionState.Done ? [.. run.Contributions.Select(ToProtocol)] : [],
        applied,
        attribution.ToString().ToLowerInvariant(),
        Math.Round(run.Metrics?.ResultMilliseconds ?? 0, 1))
    {
        OthersPassed = run.OtherTests?.Passed,
        OthersFailed = run.OtherTests?.Failed,
    };

    /// <summary>Each step's Mermaid node (<see cref="WorkflowGraph.NodeId"/>) gets the contribution of the capability it ran.</summary>
    public static WorkflowGraphResult ToWorkflowGraph(WorkflowRun run)
    {
        var byCapability = run.Contributions
            .GroupBy(c => c.CapabilityId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Delta, StringComparer.Ordinal);
        var contributions = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var step in run.Steps)
        {
            if (byCapability.TryGetValue(step.CapabilityId, out var delta))
            {
                contributions[WorkflowGraph.NodeId(step.StepId)] = delta;
            }
        }

        return new WorkflowGraphResult(run.Mermaid, contributions);
    }

    /// <summary>
    /// One edit replacing a method body, versioned so the client refuses it if the document moved on, and annotated
    /// with the candidate's test results; a candidate that fails tests is marked as needing confirmation, so VS Code
    /// shows its refactor preview, with those results, before applying it.
    /// </summary>
    public static ApplyWorkspaceEditParams ToBodyEdit(Document document, TextRange bodyRange, string newBody, string methodName, ClientFeatures features, CandidateReview review) =>
        ToWorkspaceEdit(document, [(ToProtocol(bodyRange), newBody)], methodName, features, review);

    /// <summary>
    /// A placed candidate (the body, its added members and usings) as ONE workspace edit, so one undo reverts it all.
    /// Core's edits are in Roslyn's lines; they become the client's lines here.
    /// </summary>
    public static ApplyWorkspaceEditParams ToCandidateEdit(Document document, IReadOnlyList<DocumentTextEdit> edits, string methodName, ClientFeatures features, CandidateReview review)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(edits);
        var lines = document.Text.Source.Lines;
        Position Client(TextPosition p) => ToProtocol(document.Text.PositionOf(lines.GetPosition(new Microsoft.CodeAnalysis.Text.LinePosition(p.Line, p.Character))));
        return ToWorkspaceEdit(document, edits.Select(e => (new Range(Client(e.Range.Start), Client(e.Range.End)), e.NewText)).ToList(), methodName, features, review);
    }

    private static ApplyWorkspaceEditParams ToWorkspaceEdit(Document document, IReadOnlyList<(Range Range, string Text)> edits, string methodName, ClientFeatures features, CandidateReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var annotate = features.ChangeAnnotations;
        var textEdits = edits.Select(e => new AnnotatedTextEdit(e.Range, e.Text, annotate ? GenerateAnnotation : null)).ToList();
        var annotations = annotate
            ? new Dictionary<string, ChangeAnnotation>(StringComparer.Ordinal)
            {
                [GenerateAnnotation] = new ChangeAnnotation(
                    $"FlowLens: generate {methodName}: {review.Verdict}",
                    review.Kind == CandidateVerdict.NeedsConfirmation,
                    review.Details is null ? "Replace the method body with the generated workflow's result." : "Replace the method body with the generated workflow's result. " + review.Details.ReplaceLineEndings("; ")),
            }
            : null;
        return new ApplyWorkspaceEditParams(
            $"FlowLens: generate {methodName}",
            new WorkspaceEdit([new TextDocumentEdit(new VersionedTextDocumentIdentifier(document.Uri, document.Version), textEdits)], annotations));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
