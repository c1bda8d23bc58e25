using System.Reflection;

namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>The version a package calls itself (its informational version without the commit hash).</summary>
internal static class FrameworkVersions
{
    public static string Of(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0];
        var version = informational ?? assembly.GetName().Version?.ToString() ?? "?";

        // Some packages stamp four parts (3.14.0.0); the package itself is called by three.
        return version.Count(c => c == '.') == 3 && version.EndsWith(".0", StringComparison.Ordinal) ? version[..^2] : version;
    }
}
