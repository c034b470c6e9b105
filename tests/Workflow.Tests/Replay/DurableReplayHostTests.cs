using DeepScan.Workflow.Orchestration;

namespace DeepScan.Workflow.Tests.Replay;

/// <summary>The replaying host catches the replay-rule violations the workflow tests rely on it to catch.</summary>
public sealed class DurableReplayHostTests
{
    private const string Echo = "Echo";

    [Fact]
    public async Task Refuses_an_orchestrator_that_awaits_a_real_delay()
    {
        var host = Host(async (context, _) =>
        {
            await context.CallActivityAsync<string>(Echo, "a");
            await Task.Delay(5);
            return "done";
        });

        var violation = await Assert.ThrowsAsync<ReplayViolationException>(
            () => host.RunAsync<string>("Test", "t1", "in"));
        Assert.Contains("not a context call", violation.Message);
    }

    [Fact]
    public async Task Refuses_an_orchestrator_that_awaits_work_on_another_thread_alongside_a_context_call()
    {
        var host = Host(async (context, _) =>
        {
            await Task.WhenAll(context.CallActivityAsync<string>(Echo, "a"), Task.Run(() => Thread.Sleep(20)));
            return "done";
        });

        await Assert.ThrowsAsync<ReplayViolationException>(() => host.RunAsync<string>("Test", "t2", "in"));
    }

    [Fact]
    public async Task Refuses_an_orchestrator_whose_calls_change_on_replay()
    {
        var host = Host(async (context, _) =>
        {
            await context.CallActivityAsync<string>(Echo, Guid.NewGuid().ToString());
            return await context.CallActivityAsync<string>(Echo, "b");
        });

        var violation = await Assert.ThrowsAsync<ReplayViolationException>(
            () => host.RunAsync<string>("Test", "t3", "in"));
        Assert.Contains("non-deterministic", violation.Message);
    }

    [Fact]
    public async Task Replays_a_deterministic_orchestrator_and_reports_its_output()
    {
        var host = Host(async (context, input) =>
        {
            var parts = await Task.WhenAll(
                context.CallActivityAsync<string>(Echo, input + "1"),
                context.CallActivityAsync<string>(Echo, input + "2"));
            return string.Join("+", parts);
        });

        var run = await host.RunAsync<string>("Test", "t4", "x");

        Assert.Equal("x1+x2", run.Result);
        Assert.Equal(2, run.Record.Episodes);
    }

    private static DurableReplayHost Host(Func<IScanContext, string, Task<string>> orchestrator) => new(
        new ScanTaskRegistry()
            .AddActivity<string, string>(Echo, (value, _) => Task.FromResult(value))
            .AddOrchestrator("Test", orchestrator));
}
