using System.Xml.Linq;

namespace FlowLens.Sandbox.Tests.Frameworks;

/// <summary>
/// Per-test outcomes from a <c>dotnet test --logger trx</c> report, keyed by the framework's fully qualified test
/// name (xunit's display names already are; NUnit's are its class name, a dot, and the test's name).
/// </summary>
internal static class TrxOutcomes
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var document = XDocument.Load(path);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var test in document.Descendants(Ns + "UnitTest"))
        {
            var name = test.Attribute("name")!.Value;
            var className = test.Element(Ns + "TestMethod")!.Attribute("className")!.Value;
            names[test.Attribute("id")!.Value] = name.StartsWith(className + ".", StringComparison.Ordinal) ? name : className + "." + name;
        }

        return document.Descendants(Ns + "UnitTestResult")
            .Where(r => r.Attribute("outcome")?.Value is "Passed" or "Failed")
            .ToDictionary(r => names[r.Attribute("testId")!.Value], r => r.Attribute("outcome")!.Value, StringComparer.Ordinal);
    }
}
