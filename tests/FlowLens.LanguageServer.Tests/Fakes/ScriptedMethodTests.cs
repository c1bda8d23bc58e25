using System.Collections.Concurrent;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Tests.Fakes;

/// <summary>An <see cref="IMethodTestRunner"/> that answers a fixed report and remembers every target it was given.</summary>
internal sealed class ScriptedMethodTests(EvaluationReport report) : IMethodTestRunner
{
    private readonly ConcurrentQueue<TaskTarget> _targets = new();

    public IReadOnlyList<TaskTarget> Targets => [.. _targets];

    public Task<EvaluationReport> RunAsync(TaskTarget target, CancellationToken cancellationToken)
    {
        _targets.Enqueue(target);
        return Task.FromResult(report);
    }
}
