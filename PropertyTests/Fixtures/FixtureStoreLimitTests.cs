using System.Text;
using Harness.Cases;
using Harness.Fixtures;
using Reference;

namespace PropertyTests.Fixtures;

/// <summary>The store never writes a file its reader refuses: its limit is the reader's (issue #20). Tested at the
/// boundary with small limits, so the files stay small.</summary>
public sealed class FixtureStoreLimitTests
{
    private static readonly Case C = FixtureSamples.Softmax2x3([1, 2, 3, 4, 5, 6]);
    private static readonly Fixture F = FixtureSamples.Make(C, C.X, C.X);
    private static readonly int Bytes = Encoding.UTF8.GetByteCount(FixtureJson.Serialize(F));

    [Fact]
    public void A_file_exactly_at_the_readers_limit_is_saved_and_loads()
    {
        using var folder = new ScratchFolder();
        var limits = new FixtureLimits(MaxFileBytes: Bytes);

        string path = new FixtureStore(folder.Path, limits).Save(F);

        Assert.Equal(Bytes, new FileInfo(path).Length);
        Assert.True(FixtureLoader.Load(path, limits).Succeeded);
    }

    [Fact]
    public void A_file_one_byte_over_the_readers_limit_is_not_written()
    {
        using var folder = new ScratchFolder();
        var limits = new FixtureLimits(MaxFileBytes: Bytes - 1);

        var e = Assert.Throws<FixtureTooLargeException>(() => new FixtureStore(folder.Path, limits).Save(F));

        Assert.Equal($"fixture of {C.Summary} not saved: its file would be {Bytes} bytes, more than the {Bytes - 1} the reader accepts " +
            "(FixtureLimits.MaxFileBytes); a smaller case (--max-elements) saves", e.Message);
        Assert.Empty(folder.Names());
    }

    [Fact]
    public void A_case_over_the_readers_element_limit_is_not_written()
    {
        using var folder = new ScratchFolder();
        Assert.Throws<FixtureTooLargeException>(() => new FixtureStore(folder.Path, new FixtureLimits(MaxElements: 5)).Save(F));
        Assert.Empty(folder.Names());
    }

    [Fact]
    public void The_default_store_writes_for_the_default_reader() =>
        Assert.Same(FixtureLimits.Default, new FixtureStore(Path.GetTempPath()).Limits);

    [Fact]
    public void Edited_case_fails_naming_the_edit_and_the_rename_command_that_makes_it_load()
    {
        using var folder = new ScratchFolder();
        string path = new FixtureStore(folder.Path).Save(F);
        string text = File.ReadAllText(path);
        File.WriteAllText(path, text.Replace("\"x\": [1, 2, 3, 4, 5, 6]", "\"x\": [1, 2, 3, 4, 5, 60]"));
        var edited = new Case(C.Op, C.Pass, C.DType, C.Shape, C.Dim, [1, 2, 3, 4, 5, 60], null, C.Regime);

        FixtureFormatException e = FixtureLoader.Load(path, FixtureLimits.Default).Error!;

        Assert.Equal("case edited", e.Problem);
        string renamed = Path.Combine(folder.Path, FixtureStore.FileName(edited));
        // The scratch folder is in no git repository: plain mv.
        Assert.Equal($"if the edit was intended, rename the file: mv {path} {renamed}", e.Fix);
        File.Move(path, renamed);
        Assert.True(FixtureLoader.Load(renamed, FixtureLimits.Default).Succeeded);
    }
}

/// <summary>What the store writes, the loader reads back, name check included: the hash in the name survives the
/// round trip through decimal text for every regime (NaN, infinities, -0, subnormals, edge values, empty tensors).</summary>
public sealed class FixtureStoreRoundTripTests
{
    [Theory]
    [InlineData(SoftmaxOp.Softmax, Pass.Forward, DType.Float32)]
    [InlineData(SoftmaxOp.LogSoftmax, Pass.Backward, DType.Float64)]
    [InlineData(SoftmaxOp.Softmax, Pass.Backward, DType.Float32)]
    public void Every_saved_case_loads_under_its_own_name(SoftmaxOp op, Pass pass, DType dtype)
    {
        using var folder = new ScratchFolder();
        var store = new FixtureStore(folder.Path);
        var regimes = Harness.Generation.Regime.Weights.Select(w => w.Name).Where(r => r != Harness.Generation.Regime.LongRow).ToList();
        PropertyTests.Support.PropertyCheck.ForAll(op, pass, dtype, 60, c =>
        {
            string path = store.Save(FixtureSamples.Make(c, c.X, c.X));
            FixtureLoadResult loaded = FixtureLoader.Load(path, FixtureLimits.Default);
            Assert.True(loaded.Succeeded, loaded.Error?.Message);
            Assert.True(CaseHash.Same(c, loaded.Fixture!.Case));
        }, regimes);
    }

    [Fact]
    public void Too_large_is_an_IOException_so_check_warns_and_goes_on() =>
        Assert.IsAssignableFrom<IOException>(FixtureTooLargeException.ForBytes("x", 2, 1));
}
