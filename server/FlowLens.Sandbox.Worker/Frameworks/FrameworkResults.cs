using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>What a framework run produced: one result per test the framework ran, what ran them, or why none could.</summary>
internal sealed class FrameworkResults
{
    public List<ResultTest> Tests { get; } = [];

    public List<string> Diagnostics { get; } = [];

    /// <summary>What ran the tests, for example "NUnit 4.2.2 via its FrameworkController in the sandbox worker".</summary>
    public string? Runner { get; set; }

    /// <summary>Why this worker cannot run the job's tests at all; the parent then runs them with <c>dotnet test</c>.</summary>
    public string? Unsupported { get; set; }

    /// <summary>A test's thread could not be stopped: the worker must be replaced.</summary>
    public bool Recycle { get; set; }
}
