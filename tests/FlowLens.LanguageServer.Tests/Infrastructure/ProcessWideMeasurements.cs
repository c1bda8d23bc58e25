namespace FlowLens.LanguageServer.Tests.Infrastructure;

/// <summary>
/// Tests that measure the whole process (the benchmark's timings and managed heap growth) run alone: tests running
/// beside them would compete for the two cores and allocate and free memory inside the measurement.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeasurements
{
    public const string Name = "process-wide measurements";
}
