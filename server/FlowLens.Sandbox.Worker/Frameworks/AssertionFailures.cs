namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>
/// Tells an assertion that did not hold (a failure) from code that broke (an error), by the exception's type: the
/// assertion exceptions of the test frameworks and of the assertion and mocking libraries users pair with them.
/// </summary>
internal static class AssertionFailures
{
    private static readonly string[] Prefixes = ["Xunit.Sdk.", "NUnit.Framework.", "FluentAssertions.", "Shouldly.", "Microsoft.VisualStudio.TestTools.UnitTesting."];

    private static readonly HashSet<string> Types = new(StringComparer.Ordinal) { "Moq.MockException", "NSubstitute.Exceptions.ReceivedCallsException" };

    public static bool IsAssertion(string? exceptionType) =>
        exceptionType is not null && (Types.Contains(exceptionType) || Prefixes.Any(p => exceptionType.StartsWith(p, StringComparison.Ordinal)));

    public static bool IsTimeout(string? exceptionType) => exceptionType == typeof(Execution.CandidateTimeoutException).FullName;
}
