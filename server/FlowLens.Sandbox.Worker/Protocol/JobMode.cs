namespace FlowLens.Sandbox.Worker.Protocol;

internal enum JobMode
{
    /// <summary>Compile and run the examples only.</summary>
    CompileOnly,

    /// <summary>MultiPL-E style: run <c>Main</c>; every <c>Debug.Assert</c> in trusted sources is one test.</summary>
    Program,

    /// <summary>
    /// Run the tests: with <see cref="JobProject.MetadataReferences"/>, through the project's own test framework
    /// (NUnit, xunit v2); without, every <c>[Fact]</c> and <c>[Theory]</c> in trusted sources by reflection.
    /// </summary>
    Xunit,

    /// <summary>Shut the worker down cleanly.</summary>
    Exit,
}
