using System.Collections.Concurrent;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;
using FlowLens.Core.Context;
using FlowLens.Core.Generation;
using FlowLens.Core.Learning;
using FlowLens.Core.Tasks;
using FlowLens.Core.Workflows;
using FlowLens.Sandbox;
using FlowLens.Workspace;
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
    private IChatClient? _model;
    private SandboxPool? _pool;

    /// <summary>The warm MSBuild view of each workspace: loaded on the first candidate, shared by the rest of the run (and the server's life).</summary>
    private readonly SolutionViewCache _solutionViews;
    private readonly bool _ownsSolutionViews;
    private SandboxCandidateEvaluator? _evaluator;
    private string _modelKey = "model";

    public LocalWorkflowGenerator(FlowLensSettings settings, ProductPaths paths, GeneratorOptions options)
    {
        _settings = settings;
        _paths = paths;
        _options = options;
        _ownsSolutionViews = options.SolutionViews is null;
        _solutionViews = options.SolutionViews ?? new SolutionViewCache();
        Status = new GeneratorStatus(false, settings.ModelPath, settings.Backend, settings.Backend == "local" ? "cpu" : "remote", false, "model loads on first use");
    }

    public GeneratorStatus Status { get; private set; }

    public async Task<StagedRun> StartAsync(TaskTarget target, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var root = target.Tests is TaskTests.Workspace w ? w.WorkspaceRoot : Path.GetDirectoryName(target.FilePath)!;

        // The workspace loads (MSBuild, a few seconds) while the model loads; later runs find it warm.
        if (_settings.ContextTokens is not 0)
        {
            new WorkspaceContextSource(root, ContextAssemblyOptions.Default, _solutionViews).Warm();
        }

        await EnsureLoadedAsync(progress, cancellationToken).ConfigureAwait(false);
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
            _evaluator = new SandboxCandidateEvaluator(_pool, new MSBuildProjectModel(_solutionViews), new ReferenceTestSelector(_solutionViews), new PackageSetRestore());
            Status = new GeneratorStatus(true, connection.ModelId, _settings.Backend, connection.Device, connection.IsSynthetic);
            _modelKey = connection.StateKey;
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

        // Learned state is kept per model, and only for real models: the built-in random model's runs are noise.
        var state = LearnedState.StateDirectory(root);
        var learns = _options.Learning == LearningMode.UpdatePriors && !Status.IsSyntheticModel;
        var priors = learns ? PriorStore.Open(LearnedState.ForModel(root, _modelKey)) : PriorStore.InMemory();
        var replay = learns ? ReplayBuffer.Open(LearnedState.ForModel(root, _modelKey)) : ReplayBuffer.InMemory();
        var composerOptions = ComposerOptions.Default with { Seed = _options.Seed ?? Random.Shared.Next() };
        var context = ContextSource(root);
        IComposer composer = _options.Composer == "prior-only"
            ? new PriorOnlyComposer(library, priors, composerOptions)
            : new MetaAgentComposer(_model!, library, File.ReadAllText(_paths.MetaAgentPrompt), priors, replay, composerOptions, context);
        var engineOptions = new WorkflowEngineOptions
        {
            // A random-weight test model writes noise: a short answer shows the pipeline just as well, much faster.
            SampleSeedPerRun = _options.Seed is null,
            Execution = ExecutionOptions.Default with
            {
                Seed = _options.Seed ?? 0,
                MaxOutputTokens = Status.IsSyntheticModel ? 64 : _settings.MaxTokens ?? ExecutionOptions.DefaultMaxOutputTokens,
                Context = context,
                ContextTokens = _settings.Backend == "local" ? _settings.ContextSize ?? ModelConnection.DefaultContextSize : _settings.ContextSize,
            },
            AttributionMode = _settings.AttributionMode,
            ShapleyPermutations = _settings.AttributionBudget ?? 8,
            Learning = learns ? LearningMode.UpdatePriors : LearningMode.ReadOnly,
            Reward = _settings.Reward,
            RunOtherTests = _settings.RunOtherTests ?? true,
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
            trajectories: learns ? TrajectoryLog.Open(state) : TrajectoryLog.None);
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
        // The view itself is the shared, warm one of the root: the sandbox's project model reads the same.
        return new WorkspaceContextSource(root, options, _solutionViews);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines.Values)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
        }

        _pool?.Dispose();
        if (_ownsSolutionViews)
        {
            _solutionViews.Dispose();
        }

        _model?.Dispose();
        _loading.Dispose();
    }
}
