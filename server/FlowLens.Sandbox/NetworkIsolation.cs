namespace FlowLens.Sandbox;

public enum NetworkIsolation
{
    /// <summary>Run workers under <c>unshare -n</c> when that works here (root and util-linux), otherwise without.</summary>
    WhenAvailable,

    /// <summary>Never isolate (for debugging).</summary>
    Off,
}
