using System.CommandLine;

namespace FlowLens.Cli.Commands;

/// <summary>Every top-level subcommand, in the order <c>flowlens --help</c> lists them.</summary>
internal static class CommandTable
{
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return RunCommand.Create();
        yield return TestCommand.Create();
        yield return LspCommand.Create();
        yield return LibraryCommand.Create();
        yield return BenchCommand.Create();
        yield return ExportCommand.Create();
        yield return ModelCommand.Create();
        yield return GenerateCommand.Create();
        yield return SandboxCommand.Create();
        yield return VersionCommand.Create();
    }
}
