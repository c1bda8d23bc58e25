using System.ComponentModel;

namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>
/// The target of rewritten program-style asserts (see <c>ProgramAssertRewriter</c>). Public only because compiled
/// tests must call it; the API policy denies it to candidate code. One job runs at a time in a worker.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AssertProbe
{
    private static int[] _passed = [];
    private static int[] _failed = [];

    /// <summary>The assert being evaluated, or -1 between asserts.</summary>
    public static int Current { get; private set; } = -1;

    internal static int Passed(int index) => _passed[index];

    internal static int Failed(int index) => _failed[index];

    internal static void Reset(int count)
    {
        _passed = new int[count];
        _failed = new int[count];
        Current = -1;
    }

    public static bool Enter(int index)
    {
        Current = index;
        return true;
    }

    public static void Check(int index, bool condition)
    {
        if ((uint)index < (uint)_passed.Length)
        {
            (condition ? _passed : _failed)[index]++;
        }

        Current = -1;
    }

    /// <summary><c>a.Equals(b)</c> in a test: element-wise for collections, <see cref="object.Equals(object, object)"/> otherwise.</summary>
    public static bool Same(object? a, object? b) => StructuralEquality.Equal(a, b, lenientNumbers: false);
}
