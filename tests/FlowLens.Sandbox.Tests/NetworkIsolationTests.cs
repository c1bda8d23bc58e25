using System.Net;
using System.Net.Sockets;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;

namespace FlowLens.Sandbox.Tests;

/// <summary>
/// The pool says whether workers are cut off the network, and that claim is checked: a workspace policy that allows
/// sockets lets a candidate try to reach a listener on this machine's loopback. Isolated, it cannot.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class NetworkIsolationTests(SandboxFixture sandbox)
{
    private const string Source = """
        public static class Net
        {
            // TASK: Try to connect to the port on the loopback.
            public static string Probe(int port)
            {
                return "";
            }
        }
        """;

    [Fact]
    public async Task The_isolation_the_pool_reports_is_the_isolation_a_candidate_gets()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var folder = Directory.CreateTempSubdirectory("flowlens-net-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, ".flowlens"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, ".flowlens", "sandbox-policy.json"), """{ "allow": [ { "symbol": "System.Net.Sockets", "reason": "this test" }, { "symbol": "System.Net.IPAddress", "reason": "this test" } ] }""");
            var file = Path.Combine(folder.FullName, "Net.cs");
            var site = TaskLocator.Find(Source).Single();
            var target = new TaskTarget(file, Source, site, new TaskTests.None());
            const string body = "{ try { using var client = new System.Net.Sockets.TcpClient(); client.Connect(System.Net.IPAddress.Loopback, port); return \"connected\"; } catch (System.Net.Sockets.SocketException) { return \"unreachable\"; } }";

            var report = await sandbox.Evaluator.EvaluateAsync(new EvaluationRequest(target, body, [new TaskExample($"Probe({port})", null, ExampleOrigin.Generated)]), CancellationToken.None);

            Assert.Empty(report.Rejected);
            var observed = Assert.Single(report.Examples).Observed;
            var isolated = sandbox.Pool.NetworkIsolationDescription.StartsWith("network isolated", StringComparison.Ordinal);
            Assert.Equal(isolated ? "\"unreachable\"" : "\"connected\"", observed);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
