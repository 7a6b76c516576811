using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Harness.Cases;

namespace Harness.Fixtures;

/// <summary>
/// The canonical bytes of a case, and their SHA-256: what names a fixture file and decides whether two cases are
/// the same. The bytes are, little-endian: the UTF-8 of "op/pass/dtype", a 0 byte, rank (int32), each size (int32),
/// dim (int32), then every value of x, then a 1 byte and every value of dy for a backward case (else a 0 byte).
/// Values are stored in the case's dtype (float32 bits or float64 bits), -0 distinct from +0, and every NaN as the
/// one canonical NaN, because the JSON form keeps no NaN payload. The regime label is not part of the case's identity.
/// </summary>
public static class CaseHash
{
    public static byte[] CanonicalBytes(Case c)
    {
        int width = c.DType == DType.Float32 ? 4 : 8;
        byte[] kind = Encoding.UTF8.GetBytes(c.Kind);
        int length = kind.Length + 1 + 4 * (c.Rank + 2) + c.Count * width + 1 + (c.Dy is null ? 0 : c.Count * width);
        var bytes = new byte[length];
        int at = 0;
        kind.CopyTo(bytes, at);
        at += kind.Length + 1;
        WriteInt(c.Rank);
        foreach (int size in c.Shape) WriteInt(size);
        WriteInt(c.Dim);
        WriteValues(c.X);
        bytes[at++] = c.Dy is null ? (byte)0 : (byte)1;
        if (c.Dy is not null) WriteValues(c.Dy);
        return bytes;

        void WriteInt(int v)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), v);
            at += 4;
        }

        void WriteValues(double[] values)
        {
            foreach (double v in values)
            {
                if (width == 4)
                {
                    float f = double.IsNaN(v) ? float.NaN : (float)v;
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), f);
                }
                else
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(at), double.IsNaN(v) ? double.NaN : v);
                }
                at += width;
            }
        }
    }

    /// <summary>The first 16 hex digits (lower case) of the SHA-256 of <see cref="CanonicalBytes"/>.</summary>
    public static string Short(Case c) => Convert.ToHexStringLower(SHA256.HashData(CanonicalBytes(c)))[..16];

    /// <summary>True when both cases have the same canonical bytes.</summary>
    public static bool Same(Case a, Case b) => CanonicalBytes(a).AsSpan().SequenceEqual(CanonicalBytes(b));
}
