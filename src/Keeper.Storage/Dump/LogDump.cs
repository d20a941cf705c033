using System.Globalization;
using System.Text;
using Keeper.Protocol;
using Keeper.Protocol.Jute;
using Keeper.Protocol.Records;
using Keeper.Storage.Log;

namespace Keeper.Storage.Dump;

// API (stable):
//   string LogDump.Format(string file)                               throws CorruptLogException on a bad file
//   int LogDump.Run(string file, TextWriter output, TextWriter error) exit status: 0 ok, 1 corrupt/torn, 2 unreadable
//   string LogDump.FormatTxn(TxnHeader header, IJuteRecord? body)     one line, no newline
//   string LogDump.OpName(OpCode type)                                Request.op2String names

/// <summary>
/// A readable dump of one txn log, in the shape of ZooKeeper's TxnLogToolkit: a header line, then one line
/// per txn ("time session 0x.. cxid 0x.. zxid 0x.. type record"), then "EOF reached after N txns.".
/// Times are ISO-8601 UTC rather than Java's locale format; records are written field by field.
/// </summary>
public static class LogDump
{
    public static string Format(string file)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        Write(file, output);
        return output.ToString();
    }

    /// <summary>Dumps to <paramref name="output"/>; problems go to <paramref name="error"/> and set the status.</summary>
    public static int Run(string file, TextWriter output, TextWriter error)
    {
        try
        {
            var torn = Write(file, output);
            if (torn is null) return 0;
            error.WriteLine($"{file}: the last entry, at offset {torn.Offset} (0x{torn.Offset:x}), is a torn write: {torn.Problem}. " +
                "The txns above are intact; a server truncates the log there when it starts.");
            return 1;
        }
        catch (CorruptLogException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{file}: cannot read: {e.Message}");
            return 2;
        }
    }

    private static TornTail? Write(string file, TextWriter output)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"no such file: {file}", file);
        output.WriteLine($"ZooKeeper Transactional Log File with dbid {TxnLogFormat.Dbid} txnlog format version {ReadVersion(file)}");
        using var reader = TxnLogReader.OpenFiles([file], 0, new TxnLogReaderOptions(CheckZxidGaps: false));
        int count = 0;
        var line = new StringBuilder(256);
        while (reader.MoveNext())
        {
            var entry = reader.Current!;
            line.Clear();
            AppendTxn(line, entry.Header, entry.Body);
            output.WriteLine(line.ToString());
            count++;
        }
        output.WriteLine(reader.TornTail is { } torn
            ? $"Torn write at offset {torn.Offset} (0x{torn.Offset:x}) after {count} txns: {torn.Problem}."
            : $"EOF reached after {count} txns.");
        return reader.TornTail;
    }

    private static int ReadVersion(string file)
    {
        Span<byte> header = stackalloc byte[TxnLogFormat.FileHeaderSize];
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        int read = RandomAccess.Read(stream.SafeFileHandle, header, 0);
        return read < 8 ? 0 : System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[4..]);
    }

    public static string FormatTxn(in TxnHeader header, IJuteRecord? body)
    {
        var line = new StringBuilder(128);
        AppendTxn(line, header, body);
        return line.ToString();
    }

    private static void AppendTxn(StringBuilder line, in TxnHeader header, IJuteRecord? body)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(header.Time).UtcDateTime;
        line.Append(time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .Append(" session 0x").Append(Hex(header.ClientId))
            .Append(" cxid 0x").Append(Hex((uint)header.Cxid))
            .Append(" zxid 0x").Append(Hex(header.Zxid))
            .Append(' ').Append(OpName(header.Type));
        if (body is not null)
        {
            line.Append(' ');
            AppendRecord(line, body);
        }
    }

    private static void AppendRecord(StringBuilder line, IJuteRecord body)
    {
        switch (body)
        {
            case CreateTxn c:
                line.Append(c.Path).Append(',').Append(Data(c.Data)).Append(',').Append(Acl(c.Acl))
                    .Append(',').Append(c.Ephemeral ? "true" : "false").Append(',').Append(c.ParentCVersion);
                break;
            case CreateContainerTxn c:
                line.Append(c.Path).Append(',').Append(Data(c.Data)).Append(',').Append(Acl(c.Acl)).Append(',').Append(c.ParentCVersion);
                break;
            case CreateTtlTxn c:
                line.Append(c.Path).Append(',').Append(Data(c.Data)).Append(',').Append(Acl(c.Acl))
                    .Append(',').Append(c.ParentCVersion).Append(',').Append(c.Ttl);
                break;
            case DeleteTxn d:
                line.Append(d.Path);
                break;
            case SetDataTxn s:
                line.Append(s.Path).Append(',').Append(Data(s.Data)).Append(',').Append(s.Version);
                break;
            case SetAclTxn s:
                line.Append(s.Path).Append(',').Append(Acl(s.Acl)).Append(',').Append(s.Version);
                break;
            case CheckVersionTxn c:
                line.Append(c.Path).Append(',').Append(c.Version);
                break;
            case CreateSessionTxn s:
                line.Append(s.TimeOut);
                break;
            case CloseSessionTxn c:
                line.Append('[').AppendJoin(',', c.PathsToDelete).Append(']');
                break;
            case ErrorTxn e:
                line.Append((int)e.Err);
                break;
            case MultiTxn m:
                for (int i = 0; i < m.Txns.Count; i++)
                {
                    if (i > 0) line.Append(';');
                    line.Append(OpName(m.Txns[i].Type)).Append(':');
                    if (m.Txns[i].Body is { } sub) AppendRecord(line, sub);
                }
                break;
            default:
                line.Append(body.GetType().Name);
                break;
        }
    }

    /// <summary>Data as TxnLogToolkit prints it: UTF-8 text, empty for null or empty.</summary>
    private static string Data(byte[]? data) => data is null || data.Length == 0 ? "" : Encoding.UTF8.GetString(data);

    private static string Acl(IReadOnlyList<Acl> acl)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < acl.Count; i++)
        {
            if (i > 0) text.Append(' ');
            text.Append(acl[i].Id.Scheme).Append(':').Append(acl[i].Id.Identity).Append(':').Append(Perms(acl[i].Perms));
        }
        return text.Append(']').ToString();
    }

    private static string Perms(Perms perms)
    {
        Span<char> letters = stackalloc char[5];
        int n = 0;
        if (perms.HasFlag(Keeper.Protocol.Perms.Create)) letters[n++] = 'c';
        if (perms.HasFlag(Keeper.Protocol.Perms.Delete)) letters[n++] = 'd';
        if (perms.HasFlag(Keeper.Protocol.Perms.Read)) letters[n++] = 'r';
        if (perms.HasFlag(Keeper.Protocol.Perms.Write)) letters[n++] = 'w';
        if (perms.HasFlag(Keeper.Protocol.Perms.Admin)) letters[n++] = 'a';
        return new string(letters[..n]);
    }

    private static string Hex(long value) => value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Request.op2String's names, so a dump reads like ZooKeeper's.</summary>
    public static string OpName(OpCode type) => type switch
    {
        OpCode.Notification => "notification",
        OpCode.Create => "create",
        OpCode.Delete => "delete",
        OpCode.Exists => "exists",
        OpCode.GetData => "getData",
        OpCode.SetData => "setData",
        OpCode.GetAcl => "getACL",
        OpCode.SetAcl => "setACL",
        OpCode.GetChildren => "getChildren",
        OpCode.Sync => "sync",
        OpCode.Ping => "ping",
        OpCode.GetChildren2 => "getChildren2",
        OpCode.Check => "check",
        OpCode.Multi => "multi",
        OpCode.Create2 => "create2",
        OpCode.Reconfig => "reconfig",
        OpCode.CheckWatches => "checkWatches",
        OpCode.RemoveWatches => "removeWatches",
        OpCode.CreateContainer => "createContainer",
        OpCode.DeleteContainer => "deleteContainer",
        OpCode.CreateTtl => "createTtl",
        OpCode.MultiRead => "multiRead",
        OpCode.Auth => "auth",
        OpCode.SetWatches => "setWatches",
        OpCode.SetWatches2 => "setWatches2",
        OpCode.Sasl => "sasl",
        OpCode.GetEphemerals => "getEphemerals",
        OpCode.GetAllChildrenNumber => "getAllChildrenNumber",
        OpCode.CreateSession => "createSession",
        OpCode.CloseSession => "closeSession",
        OpCode.Error => "error",
        OpCode.WhoAmI => "whoAmI",
        _ => "unknown " + (int)type,
    };
}
