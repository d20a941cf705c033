using Keeper.Consensus.Wire;

namespace Keeper.Server.Election;

/// <summary>
/// Bytes received on one election socket and not yet decoded. The codecs are incremental (TryDecode/TryRead
/// over whatever arrived), so the handshake reader and the frame reader share one buffer: bytes that follow the
/// initial message in the same segment are the first frames.
/// </summary>
internal sealed class InboundBuffer
{
    // A frame is at most its prefix plus PACKETMAXSIZE; the codecs reject longer lengths before we grow past it.
    private const int MaxSize = ElectionFrame.LengthPrefix + ElectionFrame.MaxMessageLength;

    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    public ReadOnlySpan<byte> Data => _buffer.AsSpan(_start, _end - _start);

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end) _start = _end = 0;
    }

    /// <summary>Reads what the socket has; false on end of stream.</summary>
    public async ValueTask<bool> FillAsync(Stream stream, CancellationToken cancel)
    {
        if (_end == _buffer.Length)
        {
            int length = _end - _start;
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, length);
            }
            else
            {
                // Only reachable below MaxSize: TryRead throws on a length above the limit as soon as it sees it.
                if (_buffer.Length >= MaxSize) throw new WireFormatException("election message exceeds the buffer limit");
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxSize));
            }
            _start = 0;
            _end = length;
        }
        int read = await stream.ReadAsync(_buffer.AsMemory(_end), cancel).ConfigureAwait(false);
        if (read == 0) return false;
        _end += read;
        return true;
    }
}
