namespace FlowLens.Inference.Tests;

/// <summary>The device registry of the build that loaded: on the CPU package, the CPU and no GPU.</summary>
[Collection(LlamaCollection.Name)]
public sealed class LlamaDevicesTests
{
    [Fact]
    public void The_cpu_build_lists_the_cpu_with_its_memory_and_no_gpu()
    {
        var devices = LlamaDevices.List();

        var cpu = Assert.Single(devices, d => d.Kind == ComputeDeviceKind.Cpu);
        Assert.Equal("CPU", cpu.Name);
        Assert.True(cpu.TotalBytes > 256L * 1024 * 1024, $"CPU device reports {cpu.TotalBytes} bytes");
        Assert.False(cpu.IsGpu);
        Assert.DoesNotContain(devices, d => d.IsGpu);
    }
}
