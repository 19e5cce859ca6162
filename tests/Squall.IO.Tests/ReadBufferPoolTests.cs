namespace Squall.IO.Tests;

/// <summary>The loop thread's read-buffer pool keeps what many busy connections held at once, and gives it up on Trim.</summary>
public sealed class ReadBufferPoolTests
{
    [Fact]
    public void ArraysReturnedTogetherAreRentedAgainInsteadOfNewOnes() => OnFreshThread(() =>
    {
        var first = Enumerable.Range(0, 300).Select(_ => ReadBufferPool.Rent()).ToArray();
        Assert.All(first, a => Assert.Equal(ReadBuffer.InitialSize, a.Length));
        foreach (var a in first) ReadBufferPool.Return(a);
        Assert.Equal(300, ReadBufferPool.Count); // ArrayPool.Shared would have kept only a few dozen
        var second = Enumerable.Range(0, 300).Select(_ => ReadBufferPool.Rent()).ToArray();
        var firstSet = first.ToHashSet(ReferenceEqualityComparer.Instance);
        Assert.All(second, a => Assert.Contains(a, firstSet));
        foreach (var a in second) ReadBufferPool.Return(a);
        ReadBufferPool.Return(new byte[2 * ReadBuffer.InitialSize]); // another size goes to the shared pool
        Assert.Equal(300, ReadBufferPool.Count);
        ReadBufferPool.Trim();
        Assert.Equal(0, ReadBufferPool.Count);
        Assert.DoesNotContain(ReadBufferPool.Rent(), firstSet);
    });

    // The pool is per thread: a fresh one keeps other tests' streams out of the counts.
    private static void OnFreshThread(Action body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "the test thread did not finish");
        if (failure is not null) throw new Xunit.Sdk.XunitException("failed on the test thread: " + failure);
    }
}
