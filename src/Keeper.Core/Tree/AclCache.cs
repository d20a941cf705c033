using Keeper.Protocol.Records;

namespace Keeper.Core.Tree;

/// <summary>
/// ZooKeeper's ReferenceCountedACLCache: each distinct ACL list is stored once under a long key (1, 2, ...)
/// that nodes refer to; -1 stands for OPEN_ACL_UNSAFE and is never stored. Snapshots write this table.
/// </summary>
public sealed class AclCache
{
    public const long OpenAclUnsafeRef = -1;

    private readonly Dictionary<long, IReadOnlyList<Acl>> _byRef = [];
    private readonly Dictionary<AclListKey, long> _byList = [];
    private readonly Dictionary<long, long> _refCounts = [];
    private long _nextRef = 1;

    public int Count => _byRef.Count;
    public IEnumerable<KeyValuePair<long, IReadOnlyList<Acl>>> Entries => _byRef.OrderBy(e => e.Key);

    /// <summary>The key for a list, adding one reference.</summary>
    public long Add(IReadOnlyList<Acl> acl)
    {
        if (Acls.SameList(acl, Acls.OpenAclUnsafe)) return OpenAclUnsafeRef;
        var key = new AclListKey(acl);
        if (!_byList.TryGetValue(key, out long aclRef))
        {
            aclRef = _nextRef++;
            _byList[key] = aclRef;
            _byRef[aclRef] = acl.ToArray();
            _refCounts[aclRef] = 0;
        }
        _refCounts[aclRef]++;
        return aclRef;
    }

    /// <summary>Drops one reference; an entry no node uses any more is forgotten.</summary>
    public void Release(long aclRef)
    {
        if (aclRef == OpenAclUnsafeRef || !_refCounts.TryGetValue(aclRef, out long count)) return;
        if (count > 1) { _refCounts[aclRef] = count - 1; return; }
        _refCounts.Remove(aclRef);
        if (_byRef.Remove(aclRef, out var list)) _byList.Remove(new AclListKey(list));
    }

    public IReadOnlyList<Acl> Get(long aclRef) =>
        aclRef == OpenAclUnsafeRef ? Acls.OpenAclUnsafe
        : _byRef.TryGetValue(aclRef, out var acl) ? acl
        : throw new InvalidOperationException($"ACL reference {aclRef} is not in the cache");

    /// <summary>Restores an entry as read from a snapshot (references are counted as nodes load).</summary>
    public void Restore(long aclRef, IReadOnlyList<Acl> acl)
    {
        _byRef[aclRef] = acl;
        _byList[new AclListKey(acl)] = aclRef;
        _refCounts.TryAdd(aclRef, 0);
        _nextRef = Math.Max(_nextRef, aclRef + 1);
    }

    public void AddReference(long aclRef)
    {
        if (aclRef != OpenAclUnsafeRef && _refCounts.TryGetValue(aclRef, out long c)) _refCounts[aclRef] = c + 1;
    }

    /// <summary>Structural equality for ACL lists used as dictionary keys.</summary>
    private readonly struct AclListKey(IReadOnlyList<Acl> acl) : IEquatable<AclListKey>
    {
        private readonly IReadOnlyList<Acl> _acl = acl;
        public bool Equals(AclListKey other) => _acl.SequenceEqual(other._acl);
        public override bool Equals(object? obj) => obj is AclListKey k && Equals(k);
        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var a in _acl) hash.Add(a);
            return hash.ToHashCode();
        }
    }
}
