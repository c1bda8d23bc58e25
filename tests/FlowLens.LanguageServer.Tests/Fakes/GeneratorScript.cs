using FlowLens.Core.Generation;
using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Tests.Fakes;

/// <summary>What a scripted generator does: which progress it reports, whether it waits for a gate, what it returns or throws.</summary>
internal sealed record GeneratorScript
{
    public IReadOnlyList<WorkflowProgress> Progress { get; init; } =
    [
        new(10, "draft x3"),
        new(50, "run-tests"),
        new(80, "repair"),
        new(95, "vote"),
    ];

    /// <summary>When set, generation waits here (cancellably) after reporting progress: lets a test act mid-run.</summary>
    public TaskCompletionSource? Gate { get; init; }

    /// <summary>When set, attribution (stage 2) waits here (cancellably): lets a test act while the result is in and attribution runs.</summary>
    public TaskCompletionSource? AttributionGate { get; init; }

    public Exception? Failure { get; init; }

    public Func<TaskTarget, WorkflowRun> Result { get; init; } = SampleRuns.ForTarget;
}
