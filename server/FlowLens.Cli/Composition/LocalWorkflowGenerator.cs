using System.Collections.Concurrent;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;
using FlowLens.Core.Generation;
using FlowLens.Core.Learning;
using FlowLens.Core.Tasks;
using FlowLens.Core.Workflows;
using FlowLens.Sandbox;
using Microsoft.Extensions.AI;

namespace FlowLens.Cli.Composition;

/// <summary>
/// The product's generator: loads the model and starts the sandbox pool on first use (so the language server
/// answers <c>initialize</c> at once), then keeps one <see cref="WorkflowEngine"/> per workspace, each with that
/// workspace's library overrides, priors and step cache.
/// </summary>
internal sealed class LocalWorkflowGenerator : IWorkflowGenerator
{
    private readonly FlowLensSettings _settings;
    private readonly ProductPaths _paths;
    private readonly GeneratorOptions _options;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ConcurrentDictionary<string, WorkflowEngine> _engines = new();
    private IChatClient? _model;
    private SandboxPool? _pool;
    private SandboxCandidateEvaluator? _evaluator;

    public LocalWorkflowGenerator(FlowLensSettings settings, ProductPaths paths, GeneratorOptions options)
    {
        _settings = settings;
        _paths = paths;
        _options = options;
        Status = new GeneratorStatus(false, settings.ModelPath, settings.Backend, settings.Backend == "local" ? "cpu" : "remote", false, "model loads on first use");
    }

    public GeneratorStatus Status { get; private set; }

    public async Task<StagedRun> StartAsync(TaskTarget target, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        await EnsureLoadedAsync(progress, cancellationToken).ConfigureAwait(false);
        var root = target.Tests is TaskTests.Workspace w ? w.WorkspaceRoot : Path.GetDirectoryName(target.FilePath)!;
        var engine = _engines.GetOrAdd(Path.GetFullPath(root), CreateEngine);
        return await engine.StartAsync(target, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads the model and starts the sandbox; exposed so commands can time it separately.</summary>
    public async Task EnsureLoadedAsync(IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        if (_model is not null)
        {
            return;
        }

        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_model is not null)
            {
                return;
            }

            var sandbox = SandboxOptions.Default;
            if (_settings.SandboxTimeoutMs is { } timeout)
            {
                sandbox = sandbox with { RunTimeout = TimeSpan.FromMilliseconds(timeout) };
            }

            if (_settings.SandboxMemoryMb is { } memory)
            {
                sandbox = sandbox with { HeapHardLimitBytes = memory * 1024L * 1024L };
            }

            // The pool starts a worker at once: it warms up (Roslyn's first compile) while the model loads.
            _pool ??= new SandboxPool(sandbox);
            var connection = await ModelConnection.OpenAsync(_settings, progress, cancellationToken).ConfigureAwait(false);
            _evaluator = new SandboxCandidateEvaluator(_pool);
            Status = new GeneratorStatus(true, connection.ModelId, _settings.Backend, connection.Device, connection.IsSynthetic);
            _model = connection.Client;
        }
        finally
        {
            _loading.Release();
        }
    }

    private WorkflowEngine CreateEngine(string root)
    {
        var library = CapabilityLibrary.Load(_paths.Capabilities, root);
        foreach (var error in library.Errors)
        {
            _options.Log.WriteLine($"capability library: {error.Message}");
        }

        var state = Path.Combine(root, ".flowlens", "state");
        var priors = _options.Learning == LearningMode.UpdatePriors ? PriorStore.Open(state) : PriorStore.InMemory();
        var replay = _options.Learning == LearningMode.UpdatePriors ? ReplayBuffer.Open(state) : ReplayBuffer.InMemory();
        var composerOptions = ComposerOptions.Default with { Seed = _options.Seed };
        IComposer composer = _options.Composer == "prior-only"
            ? new PriorOnlyComposer(library, priors, composerOptions)
            : new MetaAgentComposer(_model!, library, File.ReadAllText(_paths.MetaAgentPrompt), priors, replay, composerOptions);
        var engineOptions = new WorkflowEngineOptions
        {
            // A random-weight test model writes noise: a short answer shows the pipeline just as well, much faster.
            Execution = ExecutionOptions.Default with { Seed = _options.Seed, MaxOutputTokens = Status.IsSyntheticModel ? 64 : ExecutionOptions.Default.MaxOutputTokens },
            AttributionMode = _settings.AttributionMode,
            ShapleyPermutations = _settings.AttributionBudget ?? 8,
            Learning = _options.Learning,
        };
        return new WorkflowEngine(
            library,
            composer,
            _model!,
            Status.Model ?? "model",
            _evaluator!,
            priors,
            replay,
            new StepCache(Path.Combine(root, ".flowlens", "cache", "steps")),
            Status,
            engineOptions,
            TimeProvider.System,
            trajectories: _options.Learning == LearningMode.UpdatePriors ? TrajectoryLog.Open(state) : TrajectoryLog.None);
    }



    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines.Values)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
        }

        _pool?.Dispose();
        _model?.Dispose();
        _loading.Dispose();
    }
}
