using System.Text;
using System.Text.Json.Nodes;
using FlowLens.LanguageServer.Tests.Infrastructure;

namespace FlowLens.LanguageServer.Tests;

/// <summary>
/// Hostile or broken input on stdin. A bad header destroys framing, so the server closes the connection, logs
/// why, disposes the generator and returns 1; a well-framed body that is not valid JSON is answered with a parse
/// error (or dropped) and the server keeps serving. It never hangs and never throws out of RunAsync.
/// </summary>
public sealed class FramingTests
{
    private static async Task<(int ExitCode, string Log)> ServerEndsAfterAsync(byte[] bytes, bool closeInput)
    {
        await using var harness = await ServerHarness.StartInitializedAsync();
        await harness.Client.WriteRawAsync(bytes);
        if (closeInput)
        {
            await harness.Client.CloseInputAsync();
        }

        var exitCode = await harness.ServerTask.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(harness.Factory.Latest.IsDisposed);
        return (exitCode, harness.Log);
    }

    [Fact]
    public async Task A_non_numeric_Content_Length_closes_the_connection_with_the_reason_logged()
    {
        var (exitCode, log) = await ServerEndsAfterAsync(Encoding.ASCII.GetBytes("Content-Length: twelve\r\n\r\n{}"), closeInput: false);

        Assert.Equal(1, exitCode);
        Assert.Contains("bad Content-Length 'twelve'", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_without_Content_Length_closes_the_connection()
    {
        var (exitCode, log) = await ServerEndsAfterAsync(Encoding.ASCII.GetBytes("Content-Type: application/json\r\n\r\n{}"), closeInput: false);

        Assert.Equal(1, exitCode);
        Assert.Contains("no Content-Length", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_Content_Length_is_refused_before_any_body_is_buffered()
    {
        var (exitCode, log) = await ServerEndsAfterAsync(Encoding.ASCII.GetBytes("Content-Length: 9000000000\r\n\r\n{"), closeInput: false);

        Assert.Equal(1, exitCode);
        Assert.Contains("exceeds the 67108864-byte limit", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_body_followed_by_end_of_input_exits_cleanly()
    {
        var (exitCode, log) = await ServerEndsAfterAsync(Encoding.ASCII.GetBytes("Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\""), closeInput: true);

        Assert.Equal(1, exitCode);
        Assert.Contains("short of a message body", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_instead_of_a_header_closes_the_connection()
    {
        var (exitCode, log) = await ServerEndsAfterAsync(Encoding.ASCII.GetBytes("hello server\r\n\r\n"), closeInput: false);

        Assert.Equal(1, exitCode);
        Assert.Contains("malformed header line 'hello server'", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":", "invalid JSON")]
    [InlineData("[1,2,3]", "not a JSON object")]
    [InlineData("{}", "neither a request")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"shutdown\"}", "the id is neither")]
    public async Task A_well_framed_body_that_is_not_json_rpc_is_logged_and_the_server_carries_on(string body, string reason)
    {
        await using var harness = await ServerHarness.StartInitializedAsync();

        await harness.Client.WriteFrameAsync(body);

        Assert.Empty(await harness.CodeLensAsync());
        Assert.Contains(reason, harness.Log, StringComparison.Ordinal);
        Assert.False(harness.ServerTask.IsCompleted);
    }

    [Fact]
    public async Task A_request_with_bad_params_shape_gets_a_parse_error_with_its_id()
    {
        await using var harness = await ServerHarness.StartInitializedAsync();

        await harness.Client.WriteFrameAsync("{\"jsonrpc\":\"2.0\",\"id\":4242,\"method\":\"textDocument/codeLens\",\"params\":7}");

        var answer = await harness.Client.WaitForResponseAsync(4242, TimeSpan.FromSeconds(10));
        Assert.Equal(4242, (int)answer["id"]!);
        Assert.Equal(-32700, (int)answer["error"]!["code"]!);
    }

    [Fact]
    public async Task Wrongly_typed_params_get_an_error_response_not_a_crash()
    {
        await using var harness = await ServerHarness.StartInitializedAsync();

        var response = await harness.Client.RequestAsync("textDocument/codeLens", new JsonObject { ["textDocument"] = 42 });

        Assert.NotNull(response["error"]);
        Assert.Empty(await harness.CodeLensAsync());
    }
}
