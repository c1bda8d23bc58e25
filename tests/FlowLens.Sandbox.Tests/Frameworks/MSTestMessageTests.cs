using System.Reflection;
using FlowLens.Sandbox.Worker.Frameworks;

namespace FlowLens.Sandbox.Tests.Frameworks;

/// <summary>How the worker reads what MSTest's adapter reports: a failure's exception, and the adapter package's version.</summary>
public sealed class MSTestMessageTests
{
    [Theory]
    [InlineData("Assert.AreEqual failed. Expected:<12>. Actual:<10>. ", null, "Assert.AreEqual failed. Expected:<12>. Actual:<10>.")]
    [InlineData("Test method Shop.Tests.T.M threw exception: \nSystem.ArgumentOutOfRangeException: a price cannot be negative (Parameter 'net')", "System.ArgumentOutOfRangeException", "ArgumentOutOfRangeException: a price cannot be negative (Parameter 'net')")]
    [InlineData("Test method Shop.Tests.T.M threw exception: \nFluentAssertions.Execution.AssertionFailedException: Expected value to be 120M,\nbut found 100M.", "FluentAssertions.Execution.AssertionFailedException", "AssertionFailedException: Expected value to be 120M, but found 100M.")]
    public void A_failure_names_what_the_test_threw(string message, string? type, string text)
    {
        Assert.Equal((type, text), MSTestRunner.Thrown(message));
    }

    [Fact]
    public void The_adapter_package_s_folder_names_its_version_and_the_assembly_is_the_fallback()
    {
        var framework = typeof(Xunit.Assert).Assembly;

        Assert.Equal(FrameworkVersions.Of(framework), MSTestRunner.Version(framework));
        Assert.Equal("2.2.10", MSTestRunner.Version(new LocatedAssembly("/home/u/.nuget/packages/mstest.testadapter/2.2.10/build/_common/Microsoft.VisualStudio.TestPlatform.MSTest.TestAdapter.dll")));
    }

    /// <summary>An assembly that only says where it was loaded from.</summary>
    private sealed class LocatedAssembly(string location) : Assembly
    {
        public override string Location => location;
    }
}
