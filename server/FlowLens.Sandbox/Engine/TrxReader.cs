using System.Globalization;
using System.Xml.Linq;
using FlowLens.Core.Evaluation;

namespace FlowLens.Sandbox.Engine;

/// <summary>
/// Reads the outcomes of a Visual Studio test results file (<c>--logger trx</c>), which every VSTest adapter writes the
/// same way: one <c>UnitTestResult</c> per executed test case, its class in the matching <c>UnitTest</c> definition.
/// </summary>
internal static class TrxReader
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static IReadOnlyList<TestResult> Read(string path)
    {
        var document = XDocument.Load(path);
        var classes = document.Descendants(Ns + "UnitTest")
            .Select(u => (Id: (string?)u.Attribute("id"), Class: (string?)u.Element(Ns + "TestMethod")?.Attribute("className")))
            .Where(u => u.Id is not null)
            .GroupBy(u => u.Id!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Class, StringComparer.Ordinal);
        var results = new List<TestResult>();
        foreach (var result in document.Descendants(Ns + "UnitTestResult"))
        {
            var name = (string?)result.Attribute("testName") ?? "?";
            var id = (string?)result.Attribute("testId");
            if (id is not null && classes.TryGetValue(id, out var className) && className is { Length: > 0 } && !name.StartsWith(className + ".", StringComparison.Ordinal))
            {
                name = ShortClassName(className) + "." + name;
            }

            var outcome = (string?)result.Attribute("outcome") switch
            {
                "Passed" => TestOutcome.Passed,
                "Failed" => TestOutcome.Failed,
                "Timeout" => TestOutcome.Timeout,
                "NotExecuted" or "Inconclusive" or "Pending" => (TestOutcome?)null,
                _ => TestOutcome.Error,
            };
            if (outcome is null)
            {
                // Skipped or ignored by the user's own test code: not a result of the candidate.
                continue;
            }

            var error = result.Element(Ns + "Output")?.Element(Ns + "ErrorInfo");
            var message = ((string?)error?.Element(Ns + "Message"))?.Trim();
            var duration = TimeSpan.TryParse((string?)result.Attribute("duration"), CultureInfo.InvariantCulture, out var d) ? d.TotalMilliseconds : 0;
            results.Add(new TestResult(name, outcome.Value, outcome == TestOutcome.Passed ? null : message, duration));
        }

        return results;
    }

    /// <summary>
    /// Some adapters write the class with its assembly (<c>Ns.Class, Assembly, Version=...</c>); the name the framework
    /// gives the test uses the class alone.
    /// </summary>
    private static string ShortClassName(string className)
    {
        var comma = className.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? className : className[..comma].Trim();
    }
}
