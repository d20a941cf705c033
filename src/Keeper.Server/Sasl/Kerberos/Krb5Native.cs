using System.Runtime.InteropServices;
using System.Text;

namespace Keeper.Server.Sasl.Kerberos;

/// <summary>
/// The few MIT Kerberos (libkrb5) and libc calls the Kerberos login needs outside GSS-API itself, which .NET's
/// <see cref="System.Net.Security.NegotiateAuthentication"/> does: the default realm (for the principal-to-id
/// mapping), whether a keytab holds a principal's key and the KDC accepts it (checked at startup, as Java's login checks it), and the native
/// environment that tells libkrb5 where krb5.conf and the keytab are (.NET's Environment only changes its own copy).
/// </summary>
internal static class Krb5Native
{
    private const string Krb5 = "libkrb5.so.3";

    // A krb5_keytab_entry is about 48 bytes and a krb5_creds about 120 on 64-bit Linux; these buffers are generously larger.
    private const int KeytabEntrySize = 256;
    private const int CredsSize = 512;

    /// <summary>Sets a variable in the process's native environment (read by libkrb5 when it makes a context).</summary>
    public static void SetNativeEnvironment(string name, string value)
    {
        if (setenv(Utf8z(name), Utf8z(value), 1) != 0)
            throw new InvalidOperationException($"setenv({name}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>krb5.conf's default realm, or null (with the reason) when libkrb5 has none.</summary>
    public static string? DefaultRealm(out string? error)
    {
        error = null;
        using var context = Context.Open();
        int code = krb5_get_default_realm(context.Handle, out var realm);
        if (code != 0)
        {
            error = context.Message(code);
            return null;
        }
        try { return Marshal.PtrToStringUTF8(realm); }
        finally { krb5_free_default_realm(context.Handle, realm); }
    }

    /// <summary>
    /// Null when the keytab (<paramref name="keytab"/>, or libkrb5's default one when null) holds a key for
    /// <paramref name="principal"/> and, with <paramref name="askKdc"/>, the KDC gives that key a ticket-granting ticket
    /// (Java's Krb5LoginModule does that at login unless isInitiator=false); otherwise why not, in libkrb5's words.
    /// </summary>
    public static string? LoginProblem(string? keytab, string principal, bool askKdc)
    {
        using var context = Context.Open();
        int code = krb5_parse_name(context.Handle, Utf8z(principal), out var parsed);
        if (code != 0) return $"bad principal name '{principal}': {context.Message(code)}";
        try
        {
            code = keytab is null ? krb5_kt_default(context.Handle, out var kt) : krb5_kt_resolve(context.Handle, Utf8z(keytab), out kt);
            if (code != 0) return $"cannot open keytab {keytab ?? "(default)"}: {context.Message(code)}";
            try
            {
                var entry = new byte[KeytabEntrySize];
                code = krb5_kt_get_entry(context.Handle, kt, parsed, 0, 0, entry);
                if (code != 0) return context.Message(code);
                krb5_free_keytab_entry_contents(context.Handle, entry);
                if (!askKdc) return null;
                var creds = new byte[CredsSize];
                code = krb5_get_init_creds_keytab(context.Handle, creds, parsed, kt, 0, IntPtr.Zero, IntPtr.Zero);
                if (code != 0) return $"the KDC gives no ticket to its key: {context.Message(code)}";
                krb5_free_cred_contents(context.Handle, creds);
                return null;
            }
            finally { krb5_kt_close(context.Handle, kt); }
        }
        finally { krb5_free_principal(context.Handle, parsed); }
    }

    /// <summary>
    /// Copies <paramref name="principal"/>'s keys from <paramref name="keytab"/> (or the default keytab) into the
    /// process-wide in-memory keytab <paramref name="memoryName"/> (MEMORY:name), which lives while the returned handle
    /// is open. Pointing KRB5_KTNAME at it makes the GSS acceptor take tickets for that principal only, as Java's
    /// acceptor does with the one principal its login holds (KRB5_CLIENT_KTNAME: the initiator's keys, likewise). Null (and why) when no key was copied.
    /// </summary>
    public static IDisposable? AcceptorKeytab(string? keytab, string principal, string memoryName, out string? error)
    {
        error = null;
        if (IntPtr.Size != 8) { error = "only 64-bit processes can read keytab entries here"; return null; }
        var context = Context.Open();
        bool keep = false;
        IntPtr parsed = IntPtr.Zero, source = IntPtr.Zero, target = IntPtr.Zero;
        try
        {
            int code = krb5_parse_name(context.Handle, Utf8z(principal), out parsed);
            if (code == 0) code = keytab is null ? krb5_kt_default(context.Handle, out source) : krb5_kt_resolve(context.Handle, Utf8z(keytab), out source);
            if (code == 0) code = krb5_kt_resolve(context.Handle, Utf8z("MEMORY:" + memoryName), out target);
            if (code != 0) { error = context.Message(code); return null; }
            var cursor = new byte[64];
            code = krb5_kt_start_seq_get(context.Handle, source, cursor);
            if (code != 0) { error = context.Message(code); return null; }
            int copied = 0;
            try
            {
                var entry = new byte[KeytabEntrySize];
                while (krb5_kt_next_entry(context.Handle, source, entry, cursor) == 0)
                {
                    // krb5_keytab_entry: krb5_magic (4 bytes, padded to 8), then the krb5_principal pointer.
                    var entryPrincipal = (IntPtr)BitConverter.ToInt64(entry, 8);
                    if (krb5_principal_compare(context.Handle, entryPrincipal, parsed) != 0)
                    {
                        code = krb5_kt_add_entry(context.Handle, target, entry);
                        if (code != 0) { error = context.Message(code); krb5_free_keytab_entry_contents(context.Handle, entry); return null; }
                        copied++;
                    }
                    krb5_free_keytab_entry_contents(context.Handle, entry);
                    Array.Clear(entry);
                }
            }
            finally { krb5_kt_end_seq_get(context.Handle, source, cursor); }
            if (copied == 0) { error = $"no key for {principal}"; return null; }
            keep = true;
            return new OpenHandle(context, target, krb5_kt_close);
        }
        finally
        {
            if (parsed != IntPtr.Zero) krb5_free_principal(context.Handle, parsed);
            if (source != IntPtr.Zero) krb5_kt_close(context.Handle, source);
            if (!keep)
            {
                if (target != IntPtr.Zero) krb5_kt_close(context.Handle, target);
                context.Dispose();
            }
        }
    }

    /// <summary>
    /// Makes the process-wide in-memory ticket cache <paramref name="memoryName"/> (MEMORY:name) name
    /// <paramref name="principal"/> as its owner, with no tickets: GSS-API's default initiator is then that principal,
    /// and gets (and renews) its tickets with the client keytab (KRB5_CLIENT_KTNAME). Null and why on failure.
    /// </summary>
    public static IDisposable? InitiatorCache(string principal, string memoryName, out string? error)
    {
        error = null;
        var context = Context.Open();
        IntPtr parsed = IntPtr.Zero, cache = IntPtr.Zero;
        bool keep = false;
        try
        {
            int code = krb5_parse_name(context.Handle, Utf8z(principal), out parsed);
            if (code == 0) code = krb5_cc_resolve(context.Handle, Utf8z("MEMORY:" + memoryName), out cache);
            if (code == 0) code = krb5_cc_initialize(context.Handle, cache, parsed);
            if (code != 0) { error = context.Message(code); return null; }
            keep = true;
            return new OpenHandle(context, cache, krb5_cc_close);
        }
        finally
        {
            if (parsed != IntPtr.Zero) krb5_free_principal(context.Handle, parsed);
            if (!keep)
            {
                if (cache != IntPtr.Zero) krb5_cc_close(context.Handle, cache);
                context.Dispose();
            }
        }
    }

    /// <summary>An open in-memory keytab or ticket cache and its context: a MEMORY: object lives while a handle to it is open.</summary>
    private sealed class OpenHandle(Context context, IntPtr handle, Func<IntPtr, IntPtr, int> close) : IDisposable
    {
        public void Dispose()
        {
            close(context.Handle, handle);
            context.Dispose();
        }
    }

    private sealed class Context : IDisposable
    {
        private Context(IntPtr handle) => Handle = handle;

        public IntPtr Handle { get; }

        public static Context Open()
        {
            int code = krb5_init_context(out var handle);
            return code == 0 ? new Context(handle) : throw new InvalidOperationException($"cannot initialise Kerberos (krb5_init_context error {code}; is krb5.conf readable?)");
        }

        public string Message(int code)
        {
            var text = krb5_get_error_message(Handle, code);
            try { return Marshal.PtrToStringUTF8(text) ?? $"error {code}"; }
            finally { krb5_free_error_message(Handle, text); }
        }

        public void Dispose() => krb5_free_context(Handle);
    }

    private static byte[] Utf8z(string s) => Encoding.UTF8.GetBytes(s + "\0");

    // glibc by its soname, so finding it does not depend on the libc6-dev package's libc.so.
    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int setenv(byte[] name, byte[] value, int overwrite);

    [DllImport(Krb5)]
    private static extern int krb5_init_context(out IntPtr context);

    [DllImport(Krb5)]
    private static extern void krb5_free_context(IntPtr context);

    [DllImport(Krb5)]
    private static extern int krb5_get_default_realm(IntPtr context, out IntPtr realm);

    [DllImport(Krb5)]
    private static extern void krb5_free_default_realm(IntPtr context, IntPtr realm);

    [DllImport(Krb5)]
    private static extern int krb5_parse_name(IntPtr context, byte[] name, out IntPtr principal);

    [DllImport(Krb5)]
    private static extern void krb5_free_principal(IntPtr context, IntPtr principal);

    [DllImport(Krb5)]
    private static extern int krb5_kt_resolve(IntPtr context, byte[] name, out IntPtr keytab);

    [DllImport(Krb5)]
    private static extern int krb5_kt_default(IntPtr context, out IntPtr keytab);

    [DllImport(Krb5)]
    private static extern int krb5_kt_close(IntPtr context, IntPtr keytab);

    [DllImport(Krb5)]
    private static extern int krb5_kt_get_entry(IntPtr context, IntPtr keytab, IntPtr principal, uint kvno, int enctype, byte[] entry);

    [DllImport(Krb5)]
    private static extern int krb5_free_keytab_entry_contents(IntPtr context, byte[] entry);

    [DllImport(Krb5)]
    private static extern int krb5_kt_start_seq_get(IntPtr context, IntPtr keytab, byte[] cursor);

    [DllImport(Krb5)]
    private static extern int krb5_kt_next_entry(IntPtr context, IntPtr keytab, byte[] entry, byte[] cursor);

    [DllImport(Krb5)]
    private static extern int krb5_kt_end_seq_get(IntPtr context, IntPtr keytab, byte[] cursor);

    [DllImport(Krb5)]
    private static extern int krb5_kt_add_entry(IntPtr context, IntPtr keytab, byte[] entry);

    [DllImport(Krb5)]
    private static extern int krb5_principal_compare(IntPtr context, IntPtr left, IntPtr right);

    [DllImport(Krb5)]
    private static extern int krb5_get_init_creds_keytab(IntPtr context, byte[] creds, IntPtr client, IntPtr keytab, int startTime, IntPtr service, IntPtr options);

    [DllImport(Krb5)]
    private static extern void krb5_free_cred_contents(IntPtr context, byte[] creds);

    [DllImport(Krb5)]
    private static extern int krb5_cc_resolve(IntPtr context, byte[] name, out IntPtr cache);

    [DllImport(Krb5)]
    private static extern int krb5_cc_initialize(IntPtr context, IntPtr cache, IntPtr principal);

    [DllImport(Krb5)]
    private static extern int krb5_cc_close(IntPtr context, IntPtr cache);

    [DllImport(Krb5)]
    private static extern IntPtr krb5_get_error_message(IntPtr context, int code);

    [DllImport(Krb5)]
    private static extern void krb5_free_error_message(IntPtr context, IntPtr message);
}
