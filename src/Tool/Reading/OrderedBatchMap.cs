using System.Threading.Channels;

namespace TraceCurate.Reading;

/// <summary>
/// Maps batches on a fixed number of worker threads, a whole batch per worker at a time, and hands the results back in
/// the order the batches came in. Batches are judged while earlier ones are still being written, and no thread waits
/// at the end of each batch for the others: a parallel loop per batch did, and on two cores its stragglers and
/// spinning cost as much as the second core gave (measured: 2 threads no faster than 1). At most
/// <c>threads + 1</c> batches wait or are judged at once, so memory stays bounded whatever the input size.
/// </summary>
internal static class OrderedBatchMap
{
    /// <summary>
    /// Reads <paramref name="source"/> to its end and yields each item with <paramref name="map"/>'s result, in source
    /// order. <paramref name="map"/> runs on the workers and must not throw (fold failures into the result). A source
    /// that completes with an error throws it here after every item before it was yielded. Leaving the enumeration
    /// early cancels the rest and waits for the workers.
    /// </summary>
    public static IEnumerable<(TIn Item, TOut Result)> Run<TIn, TOut>(ChannelReader<TIn> source, Func<TIn, TOut> map, int threads,
        CancellationToken cancel)
    {
        threads = Math.Max(1, threads);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var ordered = Channel.CreateBounded<Slot<TIn, TOut>>(new BoundedChannelOptions(threads + 1) { SingleReader = true, SingleWriter = true });
        var work = Channel.CreateUnbounded<Slot<TIn, TOut>>(new UnboundedChannelOptions { SingleWriter = true });
        var dispatcher = Task.Run(() => Dispatch(source, ordered.Writer, work.Writer, stop.Token));
        // A loop, not Enumerable.Range(…).Select(…): LINQ's range iterator has no ReadyToRun code and is JIT-compiled.
        var workers = new Task[threads];
        for (var i = 0; i < threads; i++)
            workers[i] = Task.Factory.StartNew(() => Work(work.Reader, map, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var slot in ordered.Reader.ReadAllAsync(stop.Token).ToBlockingEnumerable(stop.Token))
                yield return (slot.Item, slot.Result.Task.GetAwaiter().GetResult());
        }
        finally
        {
            stop.Cancel();
            work.Writer.TryComplete();
            try { Task.WaitAll([dispatcher, .. workers]); }
            catch (AggregateException) { /* cancelled, or the error already reported through the ordered channel */ }
        }
    }

    private static async Task Dispatch<TIn, TOut>(ChannelReader<TIn> source, ChannelWriter<Slot<TIn, TOut>> ordered,
        ChannelWriter<Slot<TIn, TOut>> work, CancellationToken cancel)
    {
        Exception? error = null;
        try
        {
            await foreach (var item in source.ReadAllAsync(cancel))
            {
                var slot = new Slot<TIn, TOut>(item);
                // Into the ordered queue first: its bound is what limits the batches in flight.
                await ordered.WriteAsync(slot, cancel);
                work.TryWrite(slot);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = e;
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            ordered.TryComplete(error);
            work.TryComplete();
        }
    }

    private static void Work<TIn, TOut>(ChannelReader<Slot<TIn, TOut>> work, Func<TIn, TOut> map, CancellationToken cancel)
    {
        try
        {
            foreach (var slot in work.ReadAllAsync(cancel).ToBlockingEnumerable(cancel))
            {
                try
                {
                    slot.Result.SetResult(map(slot.Item));
                }
                catch (Exception e)
                {
                    slot.Result.SetException(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Slot<TIn, TOut>(TIn item)
    {
        public TIn Item { get; } = item;

        // Continuations run elsewhere: the worker that completes a slot goes straight on to its next batch.
        public TaskCompletionSource<TOut> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
