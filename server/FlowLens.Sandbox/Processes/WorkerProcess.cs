using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Processes;

/// <summary>
/// One worker process: started in a fresh temp folder (deleted on dispose), with a GC heap limit, optionally in its
/// own network namespace. The first line it writes says it is warm. Killing it is the last line of defence
/// against code that will not stop.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const int StderrKeep = 4096;
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Lock _stderrGate = new();
    private readonly Task<string?> _ready;
    private int _disposed;

    private WorkerProcess(Process process, string directory)
    {
        _process = process;
        Directory = directory;
        _ready = process.StandardOutput.ReadLineAsync();
    }

    public string Directory { get; }

    public int ProcessId => _process.Id;

    public int Runs { get; set; }

    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    public static WorkerProcess Start(SandboxOptions options)
    {
        var directory = Path.Combine(Path.GetTempPath(), "flowlens-sandbox-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var host = WorkerLocator.DotnetHost();
        var dll = WorkerLocator.WorkerDll();
        var isolate = options.Network == NetworkIsolation.WhenAvailable && NetworkJail.Available;
        var info = isolate
            ? new ProcessStartInfo(NetworkJail.UnsharePath, ["-n", "--", host, dll])
            : new ProcessStartInfo(host, [dll]);
        info.WorkingDirectory = directory;
        info.UseShellExecute = false;
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.StandardInputEncoding = new UTF8Encoding(false);
        info.StandardOutputEncoding = new UTF8Encoding(false);
        info.Environment["DOTNET_GCHeapHardLimit"] = options.HeapHardLimitBytes.ToString("X", CultureInfo.InvariantCulture);
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["TMPDIR"] = directory;
        info.Environment["HOME"] = directory;
        info.Environment.Remove("FLOWLENS_SANDBOX_WORKER");

        var process = Process.Start(info) ?? throw new InvalidOperationException("the sandbox worker did not start");
        var worker = new WorkerProcess(process, directory);
        process.ErrorDataReceived += (_, e) => worker.OnStderr(e.Data);
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits for the worker's warm-up line (runtime started, compiler references loaded).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            line = await _ready.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"the sandbox worker did not start within {timeout.TotalSeconds:0} s");
        }

        if (line is null)
        {
            throw new InvalidOperationException("the sandbox worker exited while starting: " + StderrTail());
        }
    }

    public async Task<WorkerOutcome> RunAsync(WorkerJob job, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            var json = JsonSerializer.Serialize(job, ProtocolJson.Default.WorkerJob);
            await _process.StandardInput.WriteAsync(json.AsMemory(), cancellationToken);
            await _process.StandardInput.WriteAsync("\n".AsMemory(), cancellationToken);
            await _process.StandardInput.FlushAsync(cancellationToken);
            line = await _process.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            Kill();
            return new WorkerOutcome(null, null, TimedOut: true);
        }
        catch (IOException)
        {
            line = null;
        }

        Runs++;
        if (line is null)
        {
            if (_process.WaitForExit(1000))
            {
                _process.WaitForExit(); // drains stderr, where the runtime says why it died
            }

            var code = HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "unknown";
            Kill();
            return new WorkerOutcome(null, $"the sandbox worker died (exit code {code}): {StderrTail()}", TimedOut: false);
        }

        var result = JsonSerializer.Deserialize(line, ProtocolJson.Default.WorkerResult);
        return new WorkerOutcome(result, result?.WorkerError is { } error ? "sandbox worker error: " + error : null, TimedOut: false);
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(2000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Kill();
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp directory.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort: the folder is under the temp directory.
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderrGate)
        {
            if (_stderr.Length < StderrKeep)
            {
                _stderr.AppendLine(line);
            }
        }
    }

    private string StderrTail()
    {
        lock (_stderrGate)
        {
            var text = _stderr.ToString().Trim();
            var firstLines = string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(4).Select(l => l.Trim()));
            return firstLines.Length == 0 ? "no message" : firstLines;
        }
    }
}
