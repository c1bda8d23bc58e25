namespace FlowLens.Sandbox.Worker.Protocol;

/// <summary>
/// One unit of work for a worker: compile <see cref="Projects"/> in order (later ones may reference earlier ones),
/// check the policy, then run the tests that <see cref="Mode"/> names and the <see cref="Examples"/>.
/// </summary>
internal sealed record WorkerJob
{
    public int Id { get; init; }

    public JobMode Mode { get; init; }

    public IReadOnlyList<JobProject> Projects { get; init; } = [];

    /// <summary>Checks to evaluate inside the target's class, if any.</summary>
    public JobExamples? Examples { get; init; }

    /// <summary>Per-test limit enforced inside the worker; the parent kills the worker when it is exceeded.</summary>
    public int TestTimeoutMs { get; init; } = 5000;

    /// <summary>Most characters of console output kept per job.</summary>
    public int OutputLimit { get; init; } = 64 * 1024;

    /// <summary>A workspace's <c>.flowlens/sandbox-policy.json</c>, merged over the built-in policy.</summary>
    public string? PolicyOverride { get; init; }

    /// <summary>Fully qualified test method names, as the framework names them; null = all tests of the IsTests files.</summary>
    public IReadOnlyList<string>? SelectedTests { get; init; }

    /// <summary><c>xunit2</c>, <c>xunit3</c>, <c>nunit</c> or <c>mstest</c>, detected from the test project's references.</summary>
    public string? TestFramework { get; init; }
}
