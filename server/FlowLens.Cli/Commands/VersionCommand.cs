using System.CommandLine;
using System.Reflection;

namespace FlowLens.Cli.Commands;

/// <summary><c>flowlens version</c>: the product version, for bug reports.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the FlowLens version.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.Out.WriteLine($"flowlens {version}");
            return 0;
        });
        return command;
    }
}
