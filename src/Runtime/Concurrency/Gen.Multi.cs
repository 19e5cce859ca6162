using Microsoft.Extensions.Logging;

namespace Squall;

public static partial class Gen
{
    /// <summary>
    /// Waits for every future in <paramref name="futures"/>; the results come back in input order (Tornado's
    /// <c>gen.multi</c> over a list). As in Tornado, the combined future completes once every child is done; when
    /// children fail, the first failure in input order is raised and the others are logged on the loop's logger.
    /// </summary>
    public static Future<T[]> Multi<T>(IEnumerable<Future<T>> futures)
    {
        ArgumentNullException.ThrowIfNull(futures);
        var children = futures.ToArray();
        var result = new Future<T[]>();
        MultiWaiter.Start(children, result, () =>
        {
            var values = new T[children.Length];
            for (int i = 0; i < children.Length; i++) values[i] = children[i].Result;
            result.TrySetResult(values);
        });
        return result;
    }

    /// <summary>Waits for every future in <paramref name="futures"/>; fails like <see cref="Multi{T}(IEnumerable{Future{T}})"/>.</summary>
    public static Future Multi(IEnumerable<Future> futures)
    {
        ArgumentNullException.ThrowIfNull(futures);
        var children = futures.ToArray();
        var result = new Future();
        MultiWaiter.Start(children, result, () => result.TrySetResult());
        return result;
    }

    /// <summary>
    /// Waits for every future in <paramref name="futures"/>; the results come back under the same keys (Tornado's
    /// <c>gen.multi</c> over a dict). Failures are handled as in <see cref="Multi{T}(IEnumerable{Future{T}})"/>.
    /// </summary>
    public static Future<Dictionary<TKey, T>> Multi<TKey, T>(IReadOnlyDictionary<TKey, Future<T>> futures) where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(futures);
        var entries = futures.ToArray();
        var children = new Future[entries.Length];
        for (int i = 0; i < entries.Length; i++) children[i] = entries[i].Value;
        var result = new Future<Dictionary<TKey, T>>();
        MultiWaiter.Start(children, result, () =>
        {
            var values = new Dictionary<TKey, T>(entries.Length);
            foreach (var (key, future) in entries) values[key] = future.Result;
            result.TrySetResult(values);
        });
        return result;
    }

    /// <summary>Counts children down; when the last is done, fails with the first failure or builds the result.</summary>
    private sealed class MultiWaiter
    {
        private readonly Future[] _children;
        private readonly Future _result;
        private readonly Action _complete;
        private readonly ILogger _logger;
        private int _remaining;

        private MultiWaiter(Future[] children, Future result, Action complete)
        {
            _children = children;
            _result = result;
            _complete = complete;
            _logger = IOLoop.CurrentOrNull?.Logger ?? SquallLogging.Default;
            _remaining = children.Length;
        }

        public static void Start(Future[] children, Future result, Action complete)
        {
            for (int i = 0; i < children.Length; i++)
            {
                if (children[i] is null) throw new ArgumentException($"The future at position {i} is null.", nameof(children));
            }
            var waiter = new MultiWaiter(children, result, complete);
            if (children.Length == 0)
            {
                complete();
                return;
            }
            foreach (var child in children) InlineWaiter.Attach(child, static (_, w) => ((MultiWaiter)w!).OnChildDone(), waiter);
        }

        private void OnChildDone()
        {
            if (Interlocked.Decrement(ref _remaining) != 0) return;
            Exception? first = null;
            foreach (var child in _children)
            {
                if (child.Exception is not { } e) continue;
                if (first is null) first = e;
                else _logger.LogError(e, "Multiple exceptions in Gen.Multi: this one follows the one raised");
            }
            if (first is not null) _result.TrySetException(first);
            else _complete();
        }
    }
}
