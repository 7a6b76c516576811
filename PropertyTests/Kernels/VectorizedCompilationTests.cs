using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Reference.Vectorized;

namespace PropertyTests.Kernels;

/// <summary>
/// The vectorised kernel's passes must be compiled once, fully optimised: under .NET's default tiered compilation,
/// dynamic PGO recompiled several of them 2-3x slower (see <see cref="VectorizedKernel"/>'s remarks). A speed test
/// cannot say so here (the machine's speed drifts), so this checks the cause: every method of the kernel that loops
/// and is not inlined into one that does carries <see cref="MethodImplOptions.AggressiveOptimization"/>.
/// </summary>
public sealed class VectorizedCompilationTests
{
    [Fact]
    public void Every_looping_pass_is_compiled_once_fully_optimised()
    {
        MethodInfo[] methods = typeof(VectorizedKernel).Assembly.GetTypes()
            .Where(type => type.Namespace is not null && type.Namespace.StartsWith("Reference.Vectorized", StringComparison.Ordinal))
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .ToArray();
        MethodInfo[] looping = methods.Where(method => !Inlined(method) && Loops(method)).ToArray();
        string[] missing = looping
            .Where(method => (method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) == 0)
            .Select(method => $"{method.DeclaringType!.Name}.{method.Name}")
            .ToArray();

        // The scan finds the kernel's passes (the row maxima, the sums, the outputs, the backward, the driver).
        string[] found = looping.Select(method => $"{method.DeclaringType!.Name}.{method.Name}").ToArray();
        foreach (string pass in new[] { "SingleMax.Of", "ContiguousRows.ExpSum", "ContiguousRows.ForwardOverlapped", "ContiguousRows.OverlappedGradientSum", "Driver.Forward", "InterleavedRows.Forward" })
        {
            Assert.Contains(pass, found);
        }
        Assert.True(missing.Length == 0, "looping methods without AggressiveOptimization: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_loop_scan_finds_loops_and_only_loops()
    {
        // The scan itself, on methods of known shape: a pass with a loop, and straight-line helpers.
        MethodInfo pass = typeof(SingleMax).GetMethod(nameof(SingleMax.Of), BindingFlags.Public | BindingFlags.Static)!;
        MethodInfo straight = typeof(VectorizedCompilationTests).GetMethod(nameof(StraightLine), BindingFlags.NonPublic | BindingFlags.Static)!;
        MethodInfo loop = typeof(VectorizedCompilationTests).GetMethod(nameof(Loop), BindingFlags.NonPublic | BindingFlags.Static)!;
        Assert.True(Loops(pass));
        Assert.True(Loops(loop));
        Assert.False(Loops(straight));
    }

    private static int StraightLine(int a) => a > 0 ? a * 2 : -a;

    private static int Loop(int n)
    {
        int sum = 0;
        for (int i = 0; i < n; i++) sum += i;
        return sum;
    }

    private static bool Inlined(MethodInfo method) =>
        (method.MethodImplementationFlags & MethodImplAttributes.AggressiveInlining) != 0;

    /// <summary>Whether the method's IL has a backward branch (a loop), read opcode by opcode.</summary>
    private static bool Loops(MethodInfo method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) return false;
        int at = 0;
        while (at < il.Length)
        {
            int start = at;
            OpCode op = il[at] == 0xFE ? TwoByte[il[at + 1]] : OneByte[il[at]];
            at += op.Size;
            int operand = OperandSize(op, il, at);
            if (op.OperandType == OperandType.ShortInlineBrTarget && start + op.Size + 1 + (sbyte)il[at] <= start) return true;
            if (op.OperandType == OperandType.InlineBrTarget && at + 4 + BitConverter.ToInt32(il, at) <= start) return true;
            at += operand;
        }
        return false;
    }

    private static int OperandSize(OpCode op, byte[] il, int at) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };

    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

    static VectorizedCompilationTests()
    {
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)field.GetValue(null)!;
            ushort value = (ushort)op.Value;
            if (op.Size == 1) OneByte[value] = op;
            else TwoByte[value & 0xFF] = op;
        }
    }
}
