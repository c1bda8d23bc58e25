using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;
using FlowLens.Sandbox;
using FlowLens.Workspace;

namespace FlowLens.Cli.Composition;

/// <summary>
/// The language server's "Run its tests": the same evaluation <c>flowlens test</c> runs (MSBuild's view of the
/// projects, tests selected by reference, the sandbox worker or the real engine), over the server's shared workspace
/// views. The sandbox pool starts on the first request, so a server nobody asks for tests starts no worker.
/// </summary>
internal sealed class SandboxMethodTests(SolutionViewCache views) : IMethodTestRunner, IDisposable
{
    private readonly Lock _gate = new();
    private SandboxPool? _pool;
    private CurrentBodyTestRunner? _runner;

    public Task<EvaluationReport> RunAsync(TaskTarget target, CancellationToken cancellationToken)
    {
        CurrentBodyTestRunner runner;
        lock (_gate)
        {
            _pool ??= new SandboxPool(new SandboxOptions(PoolSize: 1));
            runner = _runner ??= new CurrentBodyTestRunner(new SandboxCandidateEvaluator(_pool, new MSBuildProjectModel(views), new ReferenceTestSelector(views), new PackageSetRestore()));
        }

        return runner.RunAsync(target, cancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _pool?.Dispose();
        }
    }
}
