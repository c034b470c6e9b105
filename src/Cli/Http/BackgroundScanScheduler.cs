using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using DeepScan.Detection;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Cli.Http;

/// <summary>
/// The local host's <see cref="IScanScheduler"/>: runs each scan in this process on a bounded queue, at most
/// <see cref="ServeOptions.MaxConcurrentScans"/> at once, and never twice for one scan id while the host lives.
/// </summary>
/// <remarks>
/// A run that throws (rather than ending in a failed verdict) marks its scan failed, so a status poll never waits
/// for ever. A run stopped by shutdown keeps its status; it runs again when the restarted host's uploads watcher (or a
/// request) starts it. A run gives its slot up when it first waits on a durable timer, which only retrying a webhook
/// does, after the scan is finished: a callback URL that refuses for minutes does not hold the next scans back.
/// </remarks>
internal sealed class BackgroundScanScheduler(
    IServiceScopeFactory scopes,
    IScanStore store,
    TimeProvider timeProvider,
    IOptions<ServeOptions> options,
    ILogger<BackgroundScanScheduler> logger) : BackgroundService, IScanScheduler
{
    private readonly ConcurrentDictionary<string, byte> _scheduled = new(StringComparer.Ordinal);
    private readonly Channel<ScanWorkflowInput> _queue = Channel.CreateBounded<ScanWorkflowInput>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });

    public async Task<bool> ScheduleAsync(ScanWorkflowInput input, CancellationToken cancellationToken)
    {
        if (!_scheduled.TryAdd(input.ScanId, 0))
        {
            return false;
        }

        try
        {
            await _queue.Writer.WriteAsync(input, cancellationToken);
            return true;
        }
        catch
        {
            _scheduled.TryRemove(input.ScanId, out _);
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not disposed: a run's continuation may give its slot back after this method has returned.
        var slots = new SemaphoreSlim(options.Value.MaxConcurrentScans);
        var running = new ConcurrentDictionary<Task, byte>();
        try
        {
            await foreach (var input in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                var free = 0;
                void Free()
                {
                    if (Interlocked.Exchange(ref free, 1) == 0)
                    {
                        slots.Release();
                    }
                }

                var run = RunAsync(input, Free, stoppingToken);
                running[run] = 0;
                _ = run.ContinueWith(
                    done =>
                    {
                        Free();
                        running.TryRemove(done, out _);
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued keeps its pending record.
        }

        try
        {
            await Task.WhenAll(running.Keys);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Runs stopped by shutdown keep their status (above).
        }
    }

    private async Task RunAsync(ScanWorkflowInput input, Action waiting, CancellationToken stoppingToken)
    {
        await Task.Yield(); // the queue's loop goes on to wait for the next slot
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<InProcessScanRunner>()
                .RunAsync(input, stoppingToken, waiting);
            logger.LogInformation("Scan {ScanId} {Status}: {Outcome}", input.ScanId, result.Status, Outcome(result));
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Scan {ScanId} stopped unexpectedly", input.ScanId);
            await MarkFailedAsync(input.ScanId, $"The scan stopped unexpectedly: {ex.Message}", stoppingToken);
        }
    }

    /// <summary>The verdict and its probability, or why there is none: "fake 0.729", "no-faces", "error: …".</summary>
    private static string Outcome(ScanWorkflowResult result) => (result.Verdict, result.FakeProbability) switch
    {
        ({ } verdict, { } p) => $"{Json(verdict)} {p.ToString("0.000", CultureInfo.InvariantCulture)}",
        ({ } verdict, null) when result.Error is null => Json(verdict),
        ({ } verdict, null) => $"{Json(verdict)}: {result.Error}",
        _ => result.Error ?? "no verdict",
    };

    private static string Json(VerdictState verdict) =>
        JsonSerializer.Serialize(verdict, DetectionJsonContext.Default.VerdictState).Trim('"');

    private async Task MarkFailedAsync(string scanId, string error, CancellationToken cancellationToken)
    {
        try
        {
            await store.UpdateAsync(
                scanId,
                r => r with { Status = ScanStatus.Failed, Error = error, UpdatedAt = timeProvider.GetUtcNow() },
                cancellationToken);
            await store.RecordFailureAsync(scanId, error, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Scan {ScanId} could not be marked failed", scanId);
        }
    }
}
