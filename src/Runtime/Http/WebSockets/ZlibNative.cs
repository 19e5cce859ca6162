using System.Runtime.InteropServices;

namespace Squall.Http;

/// <summary>
/// The zlib calls permessage-deflate needs, from the system's libz. Chosen over <c>System.IO.Compression</c> because
/// RFC 7692 needs what <c>DeflateStream</c> does not expose: the window size (<c>*_max_window_bits</c>), a cheap
/// reset between messages (no context takeover) instead of a new 256 KiB deflate state per message, and
/// <c>Z_SYNC_FLUSH</c> boundaries. The <c>z_stream</c> lives in native memory because zlib keeps a pointer to it.
/// </summary>
internal static unsafe partial class ZlibNative
{
    private const string LibName = "libz.so.1";

    public const int Z_OK = 0;
    public const int Z_STREAM_END = 1;
    public const int Z_BUF_ERROR = -5;
    public const int Z_NO_FLUSH = 0;
    public const int Z_SYNC_FLUSH = 2;
    public const int Z_DEFLATED = 8;
    public const int Z_DEFAULT_STRATEGY = 0;

    /// <summary><c>z_stream</c> on LP64 (uLong is 64-bit).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ZStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public nuint TotalIn;
        public byte* NextOut;
        public uint AvailOut;
        public nuint TotalOut;
        public byte* Msg;
        public void* State;
        public void* ZAlloc;
        public void* ZFree;
        public void* Opaque;
        public int DataType;
        public nuint Adler;
        public nuint Reserved;
    }

    // Any 1.x version string passes zlib's check (it compares only the first character).
    private static readonly byte* s_version = (byte*)NativeMemory.Alloc(4);

    static ZlibNative()
    {
        s_version[0] = (byte)'1';
        s_version[1] = (byte)'.';
        s_version[2] = (byte)'2';
        s_version[3] = 0;
    }

    public static int DeflateInit(ZStream* stream, int level, int windowBits, int memLevel) =>
        deflateInit2_(stream, level, Z_DEFLATED, windowBits, memLevel, Z_DEFAULT_STRATEGY, s_version, sizeof(ZStream));

    public static int InflateInit(ZStream* stream, int windowBits) => inflateInit2_(stream, windowBits, s_version, sizeof(ZStream));

    [LibraryImport(LibName)]
    private static partial int deflateInit2_(ZStream* stream, int level, int method, int windowBits, int memLevel, int strategy, byte* version, int streamSize);

    [LibraryImport(LibName, EntryPoint = "deflate")]
    public static partial int Deflate(ZStream* stream, int flush);

    [LibraryImport(LibName, EntryPoint = "deflateReset")]
    public static partial int DeflateReset(ZStream* stream);

    [LibraryImport(LibName, EntryPoint = "deflateEnd")]
    public static partial int DeflateEnd(ZStream* stream);

    [LibraryImport(LibName)]
    private static partial int inflateInit2_(ZStream* stream, int windowBits, byte* version, int streamSize);

    [LibraryImport(LibName, EntryPoint = "inflate")]
    public static partial int Inflate(ZStream* stream, int flush);

    [LibraryImport(LibName, EntryPoint = "inflateReset")]
    public static partial int InflateReset(ZStream* stream);

    [LibraryImport(LibName, EntryPoint = "inflateEnd")]
    public static partial int InflateEnd(ZStream* stream);
}
