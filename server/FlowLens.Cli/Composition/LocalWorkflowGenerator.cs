using System.Collections.Concurrent;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;
using FlowLens.Core.Context;
using FlowLens.Core.Generation;
using FlowLens.Core.Learning;
using FlowLens.Core.Tasks;
using FlowLens.Core.Workflows;
using FlowLens.Sandbox;
using FlowLens.Workspace.Context;
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
    private readonly ConcurrentDictionary<string, WorkspaceContextSource> _contexts = new();
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

    public async Task<WorkflowRun> GenerateAsync(TaskTarget target, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var root = target.Tests is TaskTests.Workspace w ? w.WorkspaceRoot : Path.GetDirectoryName(target.FilePath)!;

        // The workspace loads (MSBuild, a few seconds) while the model loads; later runs find it warm.
        if (_settings.ContextTokens is not 0)
        {
            _contexts.GetOrAdd(Path.GetFullPath(root), r => new WorkspaceContextSource(r, ContextAssemblyOptions.Default)).Warm();
        }

        await EnsureLoadedAsync(progress, cancellationToken).ConfigureAwait(false);
        var engine = _engines.GetOrAdd(Path.GetFullPath(root), CreateEngine);
        return await engine.GenerateAsync(target, progress, cancellationToken).ConfigureAwait(false);
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
        var context = ContextSource(root);
        IComposer composer = _options.Composer == "prior-only"
            ? new PriorOnlyComposer(library, priors, composerOptions)
            : new MetaAgentComposer(_model!, library, File.ReadAllText(_paths.MetaAgentPrompt), priors, replay, composerOptions, context);
        var engineOptions = new WorkflowEngineOptions
        {
            // A random-weight test model writes noise: a short answer shows the pipeline just as well, much faster.
            Execution = ExecutionOptions.Default with { Seed = _options.Seed, MaxOutputTokens = Status.IsSyntheticModel ? 64 : ExecutionOptions.Default.MaxOutputTokens, Context = context },
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



    /// <summary>
    /// The workspace context of a root, within the budget the settings give (an explicit token count, else a share of
    /// the model's context window), counted with the model's tokenizer when it is local; null when turned off.
    /// </summary>
    private WorkspaceContextSource? ContextSource(string root)
    {
        if (_settings.ContextTokens is 0)
        {
            return null;
        }

        var budget = _settings.ContextTokens is { } tokens
            ? new ContextBudget(tokens)
            : ContextBudget.FromContextWindow(_settings.ContextSize ?? 8192, _settings.ContextShare ?? ContextBudget.DefaultShare);
        var options = ContextAssemblyOptions.Default with { Budget = budget, Counter = _model!.GetService<ITokenCounter>() ?? EstimatedTokenCounter.Instance };
        var source = new WorkspaceContextSource(root, options);
        var warm = _contexts.GetOrAdd(root, source);
        if (!ReferenceEquals(warm, source))
        {
            // Keep the warm view; only the budget and the counter were not known when it started loading.
            source.Dispose();
            source = warm.WithOptions(options);
            _contexts[root] = source;
        }

        return source;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts.Values)
        {
            context.Dispose();
        }

        foreach (var engine in _engines.Values)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
        }

        _pool?.Dispose();
        _model?.Dispose();
        _loading.Dispose();
    }
}
