namespace Squall;

/// <summary>Thrown by <see cref="AsyncQueue{T}.GetNowait"/> when the queue has no item (Tornado's <c>QueueEmpty</c>).</summary>
public sealed class QueueEmptyException() : Exception("The queue is empty.");

/// <summary>Thrown by <see cref="AsyncQueue{T}.PutNowait"/> when the queue is at its MaxSize (Tornado's <c>QueueFull</c>).</summary>
public sealed class QueueFullException() : Exception("The queue is full.");
