using FlowLens.Sandbox.Worker.Compilation;
using FlowLens.Sandbox.Worker.Policy;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Tests;

/// <summary>The policy, in process: compiles snippets with the worker's compiler and never runs them.</summary>
public sealed class PolicyTests
{
    [Theory]
    [InlineData("var x = new List<int> { 3, 1, 2 }.OrderBy(i => i).Select(i => i * 2).ToArray();", null)]
    [InlineData("var s = new StringBuilder().Append(Math.Max(1, 2)).ToString();", null)]
    [InlineData("var ok = Regex.IsMatch(\"abc\", \"b\");", null)]
    [InlineData("var b = BigInteger.Pow(2, 100) % 7;", null)]
    [InlineData("Console.WriteLine(string.Join(\",\", new[] { 1, 2 }));", null)]
    [InlineData("Debug.Assert(1 + 1 == 2);", null)]
    [InlineData("var h = System.Security.Cryptography.MD5.Create().ComputeHash(new byte[] { 1 });", null)]
    [InlineData("var d = new Dictionary<string, long>(); d[\"a\"] = 1; var t = Tuple.Create(1L, 2L); var q = new Queue<int>();", null)]
    [InlineData("var n = typeof(int).Name; var same = 1.GetType() == typeof(int);", null)]
    [InlineData("System.IO.File.WriteAllText(\"x\", \"y\");", "System.IO.File.WriteAllText")]
    [InlineData("var t = Type.GetType(\"System.IO.File\");", "System.Type.GetType")]
    [InlineData("var o = Activator.CreateInstance(typeof(object));", "System.Activator.CreateInstance")]
    [InlineData("dynamic d = 1;", "dynamic")]
    [InlineData("Environment.Exit(1);", "System.Environment.Exit")]
    [InlineData("AppContext.SetSwitch(\"x\", true);", "System.AppContext.SetSwitch")]
    [InlineData("GC.Collect();", "System.GC.Collect")]
    [InlineData("new System.Threading.Thread(() => { }).Start();", "System.Threading.Thread..ctor")]
    [InlineData("System.Threading.Tasks.Task.Run(() => 1);", "System.Threading.Tasks.Task.Run")]
    [InlineData("unsafe { int* p = null; }", "unsafe")]
    [InlineData("Action<string> a = System.IO.File.Delete;", "System.IO.File.Delete")]
    [InlineData("var m = typeof(string).GetMethods();", "System.Type.GetMethods")]
    [InlineData("var l = new System.Net.Sockets.TcpClient();", "System.Net.Sockets.TcpClient..ctor")]
    [InlineData("System.Diagnostics.Process.GetCurrentProcess().Kill();", "System.Diagnostics.Process.GetCurrentProcess")]
    [InlineData("var x = Console.ReadLine();", "System.Console.ReadLine")]
    public void Check(string statement, string? deniedSymbol)
    {
        var compiled = Compile(statement);

        if (deniedSymbol is null)
        {
            Assert.Empty(compiled.Rejected);
            Assert.True(compiled.Compiled, string.Join("\n", compiled.Diagnostics));
        }
        else
        {
            var violation = Assert.Single(compiled.Rejected, v => v.Symbol == deniedSymbol);
            Assert.Equal(13, violation.Line);
            Assert.False(string.IsNullOrWhiteSpace(violation.Reason));
        }
    }

    [Fact]
    public void The_IL_scan_finds_what_the_source_check_was_not_shown()
    {
        // Trusted code (not policed) calls File: the source check does not look at it, the IL scan sees the reference.
        var job = Job("System.IO.File.Delete(\"x\");", policed: false);
        var image = JobCompiler.Compile(job).Images.Single().Image;

        var found = IlScanner.Scan(image, "Candidate", ApiPolicy.BuiltIn, new HashSet<string>(), new HashSet<string>()).ToList();

        Assert.Contains(found, v => v.Symbol == "System.IO.File.Delete" && v.Reason.StartsWith("in the compiled IL", StringComparison.Ordinal));
    }

    [Fact]
    public void The_IL_scan_ignores_what_the_compiler_itself_emits()
    {
        // Iterators read Environment.CurrentManagedThreadId, records call RuntimeHelpers, collection expressions use CollectionsMarshal.
        var job = Job("foreach (var i in Items()) { } var r = new R(1); List<int> l = [1, 2, 3]; IEnumerable<int> Items() { yield return 1; } lock (l) { }", policed: true, extra: "record R(int X);");
        var compiled = JobCompiler.Compile(job);

        Assert.True(compiled.Compiled, string.Join("\n", compiled.Diagnostics));
        Assert.Empty(compiled.Rejected);
    }

    [Fact]
    public void A_workspace_override_can_allow_and_deny()
    {
        var policy = ApiPolicy.WithOverride("""{ "allow": [ { "symbol": "System.IO.Path", "reason": "paths are strings" } ], "deny": [ { "symbol": "System.Math.Pow", "reason": "house rule" } ] }""");

        Assert.True(policy.Decide("System.IO.Path.Combine").Allowed);
        Assert.False(policy.Decide("System.IO.File.Delete").Allowed);
        Assert.Equal("house rule", policy.Decide("System.Math.Pow").Reason);
        Assert.True(policy.Decide("System.Math.Max").Allowed);
        Assert.False(ApiPolicy.BuiltIn.Decide("System.IO.Path.Combine").Allowed);
    }

    private static CompiledJob Compile(string statement) => JobCompiler.Compile(Job(statement, policed: true));

    private static WorkerJob Job(string statement, bool policed, string extra = "")
    {
        var text = "using System;\nusing System.Collections.Generic;\nusing System.Diagnostics;\nusing System.Linq;\nusing System.Numerics;\n"
            + "using System.Text;\nusing System.Text.RegularExpressions;\n\nstatic class Snippet\n{\n    static void Run()\n    {\n"
            + statement + "\n    }\n}\n" + extra + "\n";
        var start = text.IndexOf("    {\n" + statement, StringComparison.Ordinal);
        var end = text.IndexOf("\n    }", start + 6, StringComparison.Ordinal) + 6;
        return new WorkerJob
        {
            Mode = JobMode.CompileOnly,
            Projects = [new JobProject { Sources = [new JobSource { Path = "Snippet.cs", Text = text, PolicedStart = start, PolicedLength = policed ? end - start : 0 }] }],
        };
    }
}
