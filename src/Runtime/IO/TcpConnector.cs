using System.Net;
using System.Net.Sockets;

namespace Squall.IO;

/// <summary>
/// One <see cref="TcpClient.Connect"/>: resolve, then a non-blocking connect to each address in turn (connect →
/// EINPROGRESS → write-readiness → SO_ERROR), under one overall timeout.
/// </summary>
internal sealed class TcpConnector(IOLoop loop, int port, int maxBufferSize)
{
    private IPAddress[] _addresses = [];
    private int _next;
    private Socket? _attempt;
    private int _attemptFd = -1;
    private TimeoutHandle? _timer;
    private Exception? _lastError;

    public Future<IOStream> Result { get; } = new();

    public void Start(string host, AddressFamily family, Resolver resolver, TimeSpan? timeout)
    {
        if (timeout is { } t)
        {
            _timer = loop.CallLater(t, () => Fail(new TimeoutException($"Connecting to {host}:{port} timed out after {t.TotalSeconds:0.###} s")));
        }
        Future<IPAddress[]> resolving;
        try
        {
            resolving = resolver.Resolve(host, family);
        }
        catch (Exception e)
        {
            Fail(e);
            return;
        }
        if (resolving.IsDone) OnResolved(resolving);
        else resolving.AddDoneCallback(f => OnResolved((Future<IPAddress[]>)f));
    }

    private void OnResolved(Future<IPAddress[]> resolving)
    {
        if (Result.IsDone) return;
        if (resolving.Exception is { } error)
        {
            Fail(error);
            return;
        }
        // IPv6 first, then IPv4, as getaddrinfo usually orders them; each is tried in turn.
        _addresses = resolving.Result
            .OrderBy(a => a.AddressFamily == AddressFamily.InterNetworkV6 ? 0 : 1)
            .ToArray();
        TryNext();
    }

    private void TryNext()
    {
        while (!Result.IsDone)
        {
            if (_next >= _addresses.Length)
            {
                Fail(_lastError ?? new SocketException((int)SocketError.HostNotFound));
                return;
            }
            var endPoint = new IPEndPoint(_addresses[_next++], port);
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            try
            {
                socket.Connect(endPoint);
                Succeed(socket); // loopback can connect at once
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                _attempt = socket;
                _attemptFd = (int)socket.Handle;
                loop.AddHandler(_attemptFd, OnConnectReady, IOEvents.Write);
                return;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                _lastError = e;
            }
        }
    }

    private void OnConnectReady(int fd, IOEvents events)
    {
        var socket = _attempt!;
        StopAttempt(dispose: false);
        var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error == SocketError.Success)
        {
            // Lets .NET notice the finished non-blocking connect, so Connected and RemoteEndPoint are right.
            _ = socket.Connected;
            Succeed(socket);
            return;
        }
        socket.Dispose();
        _lastError = new SocketException((int)error);
        TryNext();
    }

    private void Succeed(Socket socket)
    {
        CancelTimer();
        IOStream stream;
        try
        {
            stream = new IOStream(socket, loop) { MaxBufferSize = maxBufferSize };
        }
        catch (Exception e)
        {
            socket.Dispose();
            Result.TrySetException(e);
            return;
        }
        if (!Result.TrySetResult(stream)) stream.Close();
    }

    private void Fail(Exception error)
    {
        CancelTimer();
        StopAttempt(dispose: true);
        Result.TrySetException(error);
    }

    private void StopAttempt(bool dispose)
    {
        if (_attempt is null) return;
        loop.RemoveHandler(_attemptFd);
        if (dispose) _attempt.Dispose();
        _attempt = null;
        _attemptFd = -1;
    }

    private void CancelTimer()
    {
        if (_timer is null) return;
        loop.RemoveTimeout(_timer);
        _timer = null;
    }
}
