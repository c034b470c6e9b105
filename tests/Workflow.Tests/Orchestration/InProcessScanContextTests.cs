using DeepScan.Workflow.Orchestration;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Tests.Fakes;

namespace DeepScan.Workflow.Tests.Orchestration;

public sealed class InProcessScanContextTests
{
    private static readonly ScanRetryPolicy ThreeTries = new(3, TimeSpan.FromSeconds(5), 2.0);

    private readonly InstantTimeProvider time = new();

    [Fact]
    public async Task Retries_a_failing_activity_after_the_policy_delays()
    {
        var calls = 0;
        var registry = new ScanTaskRegistry().AddActivity<string, string>("Flaky", (input, _) =>
            ++calls < 3 ? throw new IOException("not yet") : Task.FromResult(input + "!"));

        var result = await Context(registry).CallActivityAsync<string>("Flaky", "hi", new ScanTaskOptions(ThreeTries));

        Assert.Equal(("hi!", 3), (result, calls));
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)], time.Waits);
    }

    [Fact]
    public async Task Reports_the_last_failure_after_the_last_attempt()
    {
        var calls = 0;
        var registry = new ScanTaskRegistry().AddActivity<string, string>("Broken", (_, _) =>
            throw new IOException($"disk gone ({++calls})"));

        var failure = await Assert.ThrowsAsync<ScanTaskFailedException>(() =>
            Context(registry).CallActivityAsync<string>("Broken", "x", new ScanTaskOptions(ThreeTries)));

        Assert.Equal(
            ("Broken", "System.IO.IOException", "disk gone (3)"),
            (failure.TaskName, failure.ErrorType, failure.ErrorMessage));
    }

    [Fact]
    public async Task An_error_the_policy_calls_final_is_not_retried()
    {
        var calls = 0;
        var registry = new ScanTaskRegistry().AddActivity<string, string>("Truncated", (_, _) =>
            throw new FileNotFoundException($"gone ({++calls})"));
        var policy = new ScanRetryPolicy(3, TimeSpan.FromSeconds(5), 2.0)
        {
            FinalErrors = [typeof(FileNotFoundException).FullName!],
        };

        var failure = await Assert.ThrowsAsync<ScanTaskFailedException>(() =>
            Context(registry).CallActivityAsync<string>("Truncated", "x", new ScanTaskOptions(policy)));

        Assert.Equal((1, "gone (1)"), (calls, failure.ErrorMessage));
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task Tries_once_without_a_policy()
    {
        var calls = 0;
        var registry = new ScanTaskRegistry().AddActivity<string>("Once", (_, _) =>
            ++calls > 0 ? throw new InvalidOperationException("no") : Task.CompletedTask);

        await Assert.ThrowsAsync<ScanTaskFailedException>(() => Context(registry).CallActivityAsync("Once", "x"));

        Assert.Equal(1, calls);
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task Hands_activities_a_deserialized_copy_of_their_input()
    {
        var original = new PlannedChunk(3, [1, 2, 3]);
        PlannedChunk? received = null;
        var registry = new ScanTaskRegistry().AddActivity<PlannedChunk, int>("Sum", (chunk, _) =>
        {
            received = chunk;
            return Task.FromResult(chunk.FrameIndices.Sum());
        });

        var sum = await Context(registry).CallActivityAsync<int>("Sum", original);

        Assert.Equal(6, sum);
        Assert.NotSame(original, received);
        Assert.Equal(original.FrameIndices, received!.FrameIndices);
    }

    [Fact]
    public async Task Runs_at_most_the_allowed_number_of_activities_at_once()
    {
        var running = 0;
        var most = 0;
        var registry = new ScanTaskRegistry().AddActivity<int, int>("Work", async (n, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(20, ct);
            Interlocked.Decrement(ref running);
            return n;
        });
        var context = new InProcessScanContext("scan", registry, TimeProvider.System, 2, CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => context.CallActivityAsync<int>("Work", n)));

        Assert.Equal(Enumerable.Range(0, 8), results);
        Assert.Equal(2, most);
    }

    [Fact]
    public async Task Runs_sub_orchestrations_under_their_own_instance_id()
    {
        var registry = new ScanTaskRegistry().AddOrchestrator<string, string>(
            "Child", (context, input) => Task.FromResult($"{context.InstanceId}:{input}"));

        var result = await Context(registry).CallSubOrchestratorAsync<string>("Child", "scan-chunks-0", "go");

        Assert.Equal("scan-chunks-0:go", result);
    }

    [Fact]
    public async Task Timers_wait_on_the_time_provider()
    {
        var context = Context(new ScanTaskRegistry());

        await context.CreateTimer(context.CurrentUtcDateTime.AddMinutes(2), CancellationToken.None);

        Assert.Equal([TimeSpan.FromMinutes(2)], time.Waits);
    }

    [Fact]
    public async Task Unknown_names_fail_with_the_name()
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(() =>
            Context(new ScanTaskRegistry()).CallActivityAsync<string>("Nope", "x"));

        Assert.Contains("'Nope'", failure.Message);
    }

    private InProcessScanContext Context(ScanTaskRegistry registry) =>
        new("scan", registry, time, 4, CancellationToken.None);

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value
               && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
