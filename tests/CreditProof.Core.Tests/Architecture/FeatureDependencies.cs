using System.Reflection;
using System.Reflection.Emit;

namespace CreditProof.Tests.Architecture;

/// <summary>
/// Which feature folders of an assembly use which: every type a type names in its signatures, fields, attributes and
/// method bodies (the IL's type, field, method and token operands), grouped by the namespace segment after the root.
/// </summary>
public static class FeatureDependencies
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Feature → the features it references, and for each edge one example "Type → Type".</summary>
    public static Dictionary<string, Dictionary<string, string>> Of(Assembly assembly, string root)
    {
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var from = FeatureOf(type, root);
            if (from is null)
                continue;
            foreach (var used in Referenced(type))
            {
                var to = FeatureOf(used, root);
                if (to is null || to == from)
                    continue;
                var edges = graph.TryGetValue(from, out var e) ? e : graph[from] = new(StringComparer.Ordinal);
                edges.TryAdd(to, $"{type.FullName} → {used.FullName}");
            }
        }

        return graph;
    }

    public static string? FeatureOf(Type type, string root)
    {
        var ns = Outermost(type).Namespace;
        if (ns is null || !ns.StartsWith(root + ".", StringComparison.Ordinal))
            return null;
        var rest = ns[(root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static HashSet<Type> Referenced(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || !found.Add(t))
                return;
            if (t.HasElementType)
                Add(t.GetElementType());
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                Add(t.GetGenericTypeDefinition());
                foreach (var a in t.GetGenericArguments())
                    Add(a);
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
            Add(i);
        foreach (var a in type.GetCustomAttributesData())
            Add(a.AttributeType);
        foreach (var f in type.GetFields(Everything))
            Add(f.FieldType);
        foreach (var p in type.GetProperties(Everything))
            Add(p.PropertyType);
        foreach (var m in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (m is MethodInfo mi)
                Add(mi.ReturnType);
            foreach (var p in m.GetParameters())
                Add(p.ParameterType);
            foreach (var t in BodyReferences(m))
                Add(t);
        }

        return found;
    }

    /// <summary>Every method, constructor and field a method's body uses (call, newobj, ldfld, ldtoken, …).</summary>
    public static IEnumerable<MemberInfo> MembersUsedBy(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
            yield break;
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var token in Tokens(il))
        {
            MemberInfo? member = null;
            try
            {
                member = module.ResolveMember(token, typeArgs, methodArgs);
            }
            catch (ArgumentException)
            {
            }

            if (member is not null)
                yield return member;
        }
    }

    /// <summary>Every method and constructor declared in the assembly, compiler-generated ones (lambdas, async state machines) included.</summary>
    public static IEnumerable<(Type Type, MethodBase Method)> Methods(Assembly assembly) =>
        assembly.GetTypes().SelectMany(t => t.GetMethods(Everything).Cast<MethodBase>().Concat(t.GetConstructors(Everything)).Select(m => (t, m)));

    /// <summary>The outermost declaring type (lambdas and state machines belong to the type that wrote them).</summary>
    public static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
            type = outer;
        return type;
    }

    private static IEnumerable<int> Tokens(byte[] il)
    {
        var i = 0;
        while (i < il.Length)
        {
            OpCode op;
            if (il[i] == 0xFE)
            {
                op = OpCodesByValue[unchecked((short)(0xFE00 | il[i + 1]))];
                i += 2;
            }
            else
            {
                op = OpCodesByValue[il[i]];
                i += 1;
            }

            switch (op.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField:
                    yield return BitConverter.ToInt32(il, i);
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                default:
                    i += OperandSize(op.OperandType);
                    break;
            }
        }
    }

    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var body = method.GetMethodBody();
        var il = body?.GetILAsByteArray();
        if (il is null)
            yield break;
        foreach (var local in body!.LocalVariables)
            yield return local.LocalType;
        foreach (var member in MembersUsedBy(method))
        {
            switch (member)
            {
                case Type t:
                    yield return t;
                    break;
                case FieldInfo f:
                    yield return f.DeclaringType!;
                    yield return f.FieldType;
                    break;
                case MethodBase m:
                    yield return m.DeclaringType!;
                    if (m is MethodInfo { IsGenericMethod: true } g)
                    {
                        foreach (var a in g.GetGenericArguments())
                            yield return a;
                    }

                    break;
            }
        }
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    /// <summary>The cycles of the graph, each as "A → B → … → A" (one per strongly connected component).</summary>
    public static IReadOnlyList<string> Cycles(Dictionary<string, Dictionary<string, string>> graph)
    {
        var cycles = new List<string>();
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            // Shortest path from a successor of start back to start.
            var previous = new Dictionary<string, string>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            foreach (var next in graph[start].Keys)
            {
                if (previous.TryAdd(next, start))
                    queue.Enqueue(next);
            }

            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                if (node == start)
                    break;
                foreach (var next in graph.TryGetValue(node, out var e) ? e.Keys.ToList() : [])
                {
                    if (previous.TryAdd(next, node))
                        queue.Enqueue(next);
                }
            }

            if (!previous.ContainsKey(start))
                continue;
            var path = new List<string> { start };
            for (var n = previous[start]; n != start; n = previous[n])
                path.Add(n);
            path.Add(start);
            path.Reverse();
            var text = string.Join(" → ", path);
            if (!cycles.Any(c => SameCycle(c, path)))
                cycles.Add(text);
        }

        return cycles;
    }

    private static bool SameCycle(string existing, List<string> path) =>
        existing.Split(" → ").Skip(1).ToHashSet(StringComparer.Ordinal).SetEquals(path.Skip(1));
}
