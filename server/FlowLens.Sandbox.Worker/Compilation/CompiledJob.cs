using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Worker.Compilation;

/// <summary>What <see cref="JobCompiler"/> produced: images to load (in order), or why there are none.</summary>
internal sealed class CompiledJob
{
    public bool Compiled { get; set; }

    public List<ResultViolation> Rejected { get; } = [];

    public List<string> Diagnostics { get; } = [];

    public List<(string Name, byte[] Image)> Images { get; } = [];

    public List<AssertSite> Asserts { get; } = [];

    public List<DiscoveredTest> Tests { get; } = [];

    /// <summary>Checks that did not compile, by index, with the compiler's message; the others still run.</summary>
    public Dictionary<int, string> BrokenExamples { get; } = [];

    /// <summary>An error said a type, namespace or member was missing: compiling against more references may help.</summary>
    public bool MissingSymbols { get; set; }

    /// <summary>The assembly and class (metadata name) the checks were inserted into.</summary>
    public (string Assembly, string Type)? ExampleHost { get; set; }
}
