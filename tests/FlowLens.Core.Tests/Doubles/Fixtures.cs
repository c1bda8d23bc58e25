using FlowLens.Core.Capabilities;
using FlowLens.Core.Tasks;

namespace FlowLens.Core.Tests.Doubles;

/// <summary>Shared inputs: the built-in library and a simple task.</summary>
internal static class Fixtures
{
    public static CapabilityLibrary Library { get; } = CapabilityLibrary.Load(RepoPaths.Capabilities);

    public const string TaskSource = """
        public static class Calc
        {
            // TASK: Return the sum of a and b.
            // Add(1, 2) == 3
            public static int Add(int a, int b)
            {
                throw new System.NotImplementedException();
            }
        }
        """;

    public static TaskTarget Target(TaskTests? tests = null)
    {
        var site = TaskLocator.Find(TaskSource).Single();
        return new TaskTarget("/work/Calc.cs", TaskSource, site, tests ?? new TaskTests.Workspace("/work"));
    }
}
