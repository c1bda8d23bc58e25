using System.Diagnostics;
using System.Text;

namespace FlowLens.Sandbox.Engine;

/// <summary>Runs a program with a wall-clock limit; past it (or on cancellation) the whole process tree is killed.</summary>
internal static class ExternalCommand
{
    /// <summary>Output kept per command: the tail is where build and test errors are.</summary>
    private const int OutputKept = 64 * 1024;

    public static async Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Build servers and node reuse would outlive the command (and, in the jail, its network namespace).
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
                if (output.Length > 2 * OutputKept)
                {
                    output.Remove(0, output.Length - OutputKept);
                }
            }
        }

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended between the timeout and the kill.
            }

            cancellationToken.ThrowIfCancellationRequested();
            lock (output)
            {
                return new CommandResult(-1, Tail(output), TimedOut: true);
            }
        }

        // The asynchronous readers may still hold the last lines; WaitForExit without a limit drains them.
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        lock (output)
        {
            return new CommandResult(process.ExitCode, Tail(output), TimedOut: false);
        }
    }

    private static string Tail(StringBuilder output) =>
        output.Length > OutputKept ? output.ToString(output.Length - OutputKept, OutputKept) : output.ToString();
}
