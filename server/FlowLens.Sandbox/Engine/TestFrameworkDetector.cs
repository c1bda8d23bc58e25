namespace FlowLens.Sandbox.Engine;

/// <summary>
/// Names a test project's framework from its package references, in the words the worker protocol uses:
/// <c>xunit2</c>, <c>xunit3</c>, <c>nunit</c> or <c>mstest</c>; null when none of them is referenced.
/// </summary>
internal static class TestFrameworkDetector
{
    public static string? Detect(IEnumerable<string> packageReferences, string projectSdk)
    {
        var packages = packageReferences.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (packages.Any(p => p.StartsWith("xunit.v3", StringComparison.OrdinalIgnoreCase)))
        {
            return "xunit3";
        }

        if (packages.Contains("xunit") || packages.Contains("xunit.core") || packages.Contains("xunit.extensibility.core"))
        {
            return "xunit2";
        }

        if (packages.Contains("NUnit") || packages.Contains("nunit.framework"))
        {
            return "nunit";
        }

        if (packages.Contains("MSTest") || packages.Contains("MSTest.TestFramework") || projectSdk.StartsWith("MSTest.Sdk", StringComparison.OrdinalIgnoreCase))
        {
            return "mstest";
        }

        return null;
    }

    /// <summary>The framework as a person would name it.</summary>
    public static string Describe(string? framework) => framework switch
    {
        "xunit2" => "xunit v2",
        "xunit3" => "xunit v3",
        "nunit" => "NUnit",
        "mstest" => "MSTest",
        _ => "no known test framework",
    };
}
