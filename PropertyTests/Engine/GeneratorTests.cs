using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using Harness.Cases;
using Harness.Generation;
using Reference;

namespace PropertyTests.Engine;

public sealed class GeneratorTests
{
    private static readonly GeneratorOptions Options = GeneratorOptions.Default;

    [Fact]
    public void The_same_token_gives_the_same_case_bit_for_bit()
    {
        for (int i = 0; i < 50; i++)
        {
            var token = new CaseToken(SoftmaxOp.LogSoftmax, Pass.Backward, DType.Float32, 7, i);
            Case a = CaseGenerator.Generate(token, Options), b = CaseGenerator.Generate(token, Options);
            Assert.Equal(a.Shape, b.Shape);
            Assert.Equal(a.Dim, b.Dim);
            Assert.Equal(a.X.Select(BitConverter.DoubleToInt64Bits), b.X.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(a.Dy!.Select(BitConverter.DoubleToInt64Bits), b.Dy!.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    /// <summary>Fixtures, failure reports and rerun commands name cases by token, so the stream behind the tokens must
    /// not drift: a digest of every value of the first 300 cases of each op x pass x dtype at the default seed. A change
    /// that moves it changes which case every existing token names; make it deliberately, and update the digest.</summary>
    [Fact]
    public void The_case_stream_of_the_default_seed_is_pinned()
    {
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (SoftmaxOp op in Names.AllOps)
            foreach (Pass pass in Names.AllPasses)
                foreach (DType dtype in Names.AllDTypes)
                    for (int i = 0; i < 300; i++)
                    {
                        Case c = CaseGenerator.Generate(new CaseToken(op, pass, dtype, 20261124, i), Options);
                        digest.AppendData(System.Text.Encoding.UTF8.GetBytes($"{c.Summary};"));
                        foreach (double v in c.X.Concat(c.Dy ?? [])) digest.AppendData(BitConverter.GetBytes(BitConverter.DoubleToInt64Bits(v)));
                    }
        Assert.Equal("F8D566453E202AF70DAA222CED4F42691C3892FA522BB77393228BA1478A0369", Convert.ToHexString(digest.GetHashAndReset()));
    }

    [Theory]
    [InlineData(0, int.MaxValue)]
    [InlineData(1, 109)]
    [InlineData(1, 1)]
    [InlineData(-5, 5)]
    [InlineData(int.MinValue, int.MaxValue)]
    [InlineData(7, 1 << 30)]
    public void Draws_are_the_ints_FsCheck_chooses_from_the_same_seed(int low, int high)
    {
        for (ulong seed = 0; seed < 200; seed++)
        {
            ulong mixed = seed * 0xD6E8FEB86659FD93UL;
            int[] fsCheck = Gen.Sample(Gen.Choose(low, high), 6, new Rnd(mixed), CaseGenerator.Size);
            var draws = new FsCheckDraws(mixed);
            Assert.Equal(fsCheck, Enumerable.Range(0, 6).Select(_ => draws.Choose(low, high)));
        }
    }

    public static TheoryData<string> OptionSets => new() { "default", "small, no long rows" };

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Generate_gives_the_case_the_FsCheck_generator_gives_at_the_token_seed(string optionSet)
    {
        GeneratorOptions options = optionSet == "default" ? Options
            : new GeneratorOptions(MaxElements: 256, TypicalElements: 256, Regimes: Regime.All.Where(r => r != Regime.LongRow).ToArray());
        foreach (SoftmaxOp op in Names.AllOps)
            foreach (Pass pass in Names.AllPasses)
                foreach (DType dtype in Names.AllDTypes)
                {
                    Gen<Case> generator = CaseGenerator.For(op, pass, dtype, options);
                    for (int i = 0; i < 150; i++)
                    {
                        var token = new CaseToken(op, pass, dtype, 20261124, i);
                        Case expected = Gen.Sample(generator, 1, new Rnd(token.RandomSeed), CaseGenerator.Size)[0];
                        Case actual = CaseGenerator.Generate(token, options);
                        Assert.Equal(expected.Summary, actual.Summary);
                        Assert.Equal(expected.X.Select(BitConverter.DoubleToInt64Bits), actual.X.Select(BitConverter.DoubleToInt64Bits));
                        Assert.Equal((expected.Dy ?? []).Select(BitConverter.DoubleToInt64Bits), (actual.Dy ?? []).Select(BitConverter.DoubleToInt64Bits));
                    }
                }
    }

    [Fact]
    public void Different_seeds_give_different_streams()
    {
        var a = Enumerable.Range(0, 20).Select(i => CaseGenerator.Generate(new CaseToken(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, 1, i), Options).ToString());
        var b = Enumerable.Range(0, 20).Select(i => CaseGenerator.Generate(new CaseToken(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, 2, i), Options).ToString());
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Every_regime_rank_and_sign_of_dim_appears_in_two_thousand_cases()
    {
        var cases = Enumerable.Range(0, 2000)
            .Select(i => CaseGenerator.Generate(new CaseToken(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, 11, i), Options)).ToList();
        Assert.Empty(Regime.All.Except(cases.Select(c => c.Regime)));
        Assert.Equal([0, 1, 2, 3, 4], cases.Select(c => c.Rank).Distinct().Order());
        Assert.Contains(cases, c => c.Dim < 0);
        Assert.Contains(cases, c => c.Dim > 0);
        Assert.Contains(cases, c => c.Count == 0);
        Assert.Contains(cases, c => c.Layout.Length == EdgeValues.VocabularyRow);
        Assert.Contains(cases, c => c.X.Any(double.IsNaN));
        Assert.Contains(cases, c => c.X.Any(double.IsPositiveInfinity));
        Assert.All(cases, c => Assert.True(c.Count <= Options.MaxElements));
    }

    [Fact]
    public void Float32_cases_hold_only_float32_values()
    {
        for (int i = 0; i < 300; i++)
        {
            Case c = CaseGenerator.Generate(new CaseToken(SoftmaxOp.Softmax, Pass.Backward, DType.Float32, 3, i), Options);
            Assert.All(c.X, v => Assert.True(double.IsNaN(v) || (double)(float)v == v));
        }
    }

    [Fact]
    public void Max_elements_caps_every_case_including_long_rows()
    {
        var small = new GeneratorOptions(MaxElements: 100);
        for (int i = 0; i < 500; i++)
        {
            Assert.True(CaseGenerator.Generate(new CaseToken(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, 5, i), small).Count <= 100);
        }
    }

    [Theory]
    [InlineData("softmax/forward/float32@42:17")]
    [InlineData("log_softmax/backward/float64@18446744073709551615:0")]
    public void Case_tokens_round_trip(string text)
    {
        Assert.True(CaseToken.TryParse(text, out CaseToken token));
        Assert.Equal(text, token.ToString());
    }

    [Theory]
    [InlineData("softmax/forward/float32")]
    [InlineData("softmax/forward/float16@1:2")]
    [InlineData("softmax/forward/float32@-1:2")]
    [InlineData("softmax/forward@1:2")]
    public void Malformed_tokens_are_rejected(string text) => Assert.False(CaseToken.TryParse(text, out _));
}
