using System.Diagnostics;

namespace FlowLens.Sandbox.Processes;

/// <summary>
/// Decides once per process whether workers can start under <c>unshare -n</c> (a fresh network namespace with only a
/// downed loopback). It needs root (or user namespaces) and util-linux; the probe runs <c>unshare -n true</c> and
/// falls back to no isolation when that fails, saying why.
/// </summary>
internal static class NetworkJail
{
    private static readonly Lazy<(bool Available, string Description)> Probe = new(Run);

    public static bool Available => Probe.Value.Available;

    public static string Description => Probe.Value.Description;

    private static (bool, string) Run()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (false, "no network isolation: not Linux");
        }

        var unshare = new[] { "/usr/bin/unshare", "/bin/unshare" }.FirstOrDefault(File.Exists);
        if (unshare is null)
        {
            return (false, "no network isolation: unshare not found");
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(unshare, ["-n", "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
            var error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                return (false, "no network isolation: unshare -n did not finish");
            }

            return process.ExitCode == 0
                ? (true, "network isolated: unshare -n")
                : (false, $"no network isolation: unshare -n failed ({error.Trim()})");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, "no network isolation: " + e.Message);
        }
    }

    public static string UnsharePath => new[] { "/usr/bin/unshare", "/bin/unshare" }.First(File.Exists);
}
