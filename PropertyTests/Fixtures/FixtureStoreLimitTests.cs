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
