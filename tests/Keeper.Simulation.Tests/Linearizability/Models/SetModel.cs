using System.Collections.Immutable;

namespace Keeper.Simulation.Tests.Linearizability.Models;

internal enum SetOpKind
{
    /// <summary>Answers whether the element was new (a create: Ok, or NodeExists).</summary>
    Add,

    /// <summary>Answers whether the element was there (a delete: Ok, or NoNode).</summary>
    Remove,

    /// <summary>Answers every element (getChildren).</summary>
    ReadAll,
}

internal readonly record struct SetInput<T>(SetOpKind Kind, T? Element) where T : notnull
{
    public static SetInput<T> Add(T element) => new(SetOpKind.Add, element);

    public static SetInput<T> Remove(T element) => new(SetOpKind.Remove, element);

    public static SetInput<T> ReadAll() => new(SetOpKind.ReadAll, default);

    public override string ToString() => Kind == SetOpKind.ReadAll ? "ReadAll" : $"{Kind}({Element})";
}

/// <summary><see cref="Changed"/> for Add and Remove; <see cref="Items"/> for ReadAll.</summary>
internal readonly record struct SetOutput<T>(bool Changed, IReadOnlySet<T>? Items) where T : notnull
{
    public static SetOutput<T> Added => new(true, null);

    public static SetOutput<T> AlreadyPresent => new(false, null);

    public static SetOutput<T> Removed => new(true, null);

    public static SetOutput<T> WasAbsent => new(false, null);

    public static SetOutput<T> Read(params T[] items) => new(false, items.ToHashSet());

    public override string ToString() => Items is null ? (Changed ? "changed" : "unchanged") : "{" + string.Join(", ", Items.Order()) + "}";
}

/// <summary>
/// An immutable set whose hash is kept up to date on each add and remove (an XOR of mixed element
/// hashes, which does not depend on order), so the checker's memo lookups never rehash the whole set.
/// </summary>
internal sealed class SetState<T> where T : notnull
{
    public static SetState<T> Empty { get; } = new(ImmutableHashSet<T>.Empty, 0);

    private SetState(ImmutableHashSet<T> items, ulong hash)
    {
        Items = items;
        Hash = hash;
    }

    public ImmutableHashSet<T> Items { get; }

    public ulong Hash { get; }

    public SetState<T> Add(T item) => Items.Contains(item) ? this : new(Items.Add(item), Hash ^ Mix(item));

    public SetState<T> Remove(T item) => Items.Contains(item) ? new(Items.Remove(item), Hash ^ Mix(item)) : this;

    public bool SameAs(SetState<T> other) =>
        ReferenceEquals(this, other) || (Hash == other.Hash && Items.Count == other.Items.Count && Items.SetEquals(other.Items));

    public override string ToString() => "{" + string.Join(", ", Items.Order()) + "}";

    // SplitMix64's finalizer: element hash codes are often small consecutive integers, which XOR badly.
    private static ulong Mix(T item)
    {
        var z = (ulong)(uint)EqualityComparer<T>.Default.GetHashCode(item) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>
/// A set, e.g. the children of one parent znode: concurrent creates and deletes of children and
/// getChildren reads. One object — sub-sets of different parents are separate histories.
/// </summary>
internal sealed class SetModel<T> : IModel<SetState<T>, SetInput<T>, SetOutput<T>> where T : notnull
{
    public static SetModel<T> Instance { get; } = new();

    public SetState<T> Init() => SetState<T>.Empty;

    public (bool Ok, SetState<T> Next) Step(SetState<T> state, SetInput<T> input, SetOutput<T> output)
    {
        switch (input.Kind)
        {
            case SetOpKind.Add:
                return (output.Changed != state.Items.Contains(input.Element!), state.Add(input.Element!));
            case SetOpKind.Remove:
                return (output.Changed == state.Items.Contains(input.Element!), state.Remove(input.Element!));
            default:
                var items = output.Items;
                return (items is not null && items.Count == state.Items.Count && state.Items.SetEquals(items), state);
        }
    }

    public SetState<T> StepUnobserved(SetState<T> state, SetInput<T> input) => input.Kind switch
    {
        SetOpKind.Add => state.Add(input.Element!),
        SetOpKind.Remove => state.Remove(input.Element!),
        _ => state,
    };

    public bool StateEquals(SetState<T> a, SetState<T> b) => a.SameAs(b);

    public int StateHash(SetState<T> state) => (int)(state.Hash ^ (state.Hash >> 32));

    public bool IsReadOnly(SetInput<T> input) => input.Kind == SetOpKind.ReadAll;

    public string DescribeState(SetState<T> state) => state.ToString();
}
