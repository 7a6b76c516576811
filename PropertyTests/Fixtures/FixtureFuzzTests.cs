using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Harness.Fixtures;
using PropertyTests.Support;

namespace PropertyTests.Fixtures;

/// <summary>
/// The reader is total: whatever the bytes, <see cref="FixtureJson.Deserialize"/> returns a fixture or throws a
/// <see cref="FixtureFormatException"/> naming the file and a field, and never its safety net ("unreadable value",
/// an exception it did not foresee). The inputs are the valid control with random edits aimed at the reader's soft
/// spots: lone surrogate escapes, out-of-range and overlong numbers, structural characters, invalid UTF-8 bytes.
/// </summary>
public sealed class FixtureFuzzTests
{
    private const string Name = "fuzzed.json";

    private static readonly byte[] Control = File.ReadAllBytes(Path.Combine(FixtureSamples.BadFixtures, BadFixtureTests.ValidControl));

    /// <summary>Text spliced in: each one has hit a reader somewhere (see the issue #20 notes).</summary>
    private static readonly string[] Tokens =
    [
        "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", "\\uZZZZ", "\\", "\"", "1e999", "-1e999", "1e-999", "1E+400", "99999999999999999999",
        "-0", "0.1e", "NaN", "Infinity", "\"NaN\"", "\"Infinity\"", "null", "true", "[]", "{}", "[[", "]]", ",", ":", "2147483648",
        "-2147483649", "1.5", "\"\"", "\"x\":1,", "\u00e9", "\ud83d\ude00",
    ];

    private static readonly byte[] Bytes = [0x00, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x30, 0x39, 0x65, 0x2D, 0x2E, 0xC0, 0xED, 0xF8, 0xFF, 0x80];

    private sealed record Edit(int Kind, int At, int Pick, int Length);

    [Fact]
    public void Deserialize_of_randomly_edited_control_loads_or_names_the_file_and_field()
    {
        Gen<Edit> edit =
            from kind in Gen.Choose(0, 3)
            from at in Gen.Choose(0, Control.Length - 1)
            from pick in Gen.Choose(0, 1000)
            from length in Gen.Choose(1, 12)
            select new Edit(kind, at, pick, length);
        Arbitrary<Edit[]> edits = Arb.From(Gen.ArrayOf(edit).Where(a => a.Length is > 0 and <= 4));
        ulong seed = TestRun.Settings.Seed;
        Config config = Config.QuickThrowOnFailure.WithMaxTest(TestRun.Settings.Scaled(3000)).WithReplay(seed, 2 * seed + 1);

        Check.One(config, Prop.ForAll(edits, applied =>
        {
            byte[] bytes = Apply(Control, applied);
            try
            {
                FixtureJson.Deserialize(Name, bytes, FixtureLimits.Default);
            }
            catch (FixtureFormatException e)
            {
                Assert.Equal(Name, e.File);
                Assert.NotEqual("unreadable value", e.Problem);
                Assert.StartsWith($"Fixture '{Name}' is malformed: ", e.Message);
            }
        }));
    }

    [Fact]
    public void Load_reports_an_edited_file_as_a_result_never_an_exception()
    {
        using var folder = new ScratchFolder();
        var random = new Random((int)(TestRun.Settings.Seed % int.MaxValue));
        for (int i = 0; i < 200; i++)
        {
            var applied = Enumerable.Range(0, 1 + random.Next(3))
                .Select(_ => new Edit(random.Next(4), random.Next(Control.Length), random.Next(1000), 1 + random.Next(12))).ToArray();
            string path = Path.Combine(folder.Path, $"case-{i}.json");
            File.WriteAllBytes(path, Apply(Control, applied));

            FixtureLoadResult result = FixtureLoader.Load(path, FixtureLimits.Default);

            // Every file here is misnamed at the least: the loader must say so (or name an earlier defect) for it.
            Assert.Null(result.Fixture);
            Assert.Equal(path, result.Error!.File);
            Assert.NotEqual("unreadable value", result.Error.Problem);
        }
    }

    private static byte[] Apply(byte[] original, IEnumerable<Edit> edits)
    {
        var bytes = new List<byte>(original);
        foreach (Edit e in edits)
        {
            int at = Math.Min(e.At, bytes.Count);
            switch (e.Kind)
            {
                case 0:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[e.Pick % Tokens.Length]));
                    break;
                case 1:
                    if (at < bytes.Count) bytes[at] = Bytes[e.Pick % Bytes.Length];
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(e.Length, bytes.Count - at));
                    break;
                default:
                    // Replace a run with a token: turns values into other values, names into other names.
                    bytes.RemoveRange(at, Math.Min(e.Length, bytes.Count - at));
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[e.Pick % Tokens.Length]));
                    break;
            }
        }
        return [.. bytes];
    }
}
