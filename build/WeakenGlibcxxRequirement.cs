#nullable enable
// MSBuild inline task (RoslynCodeTaskFactory), used by LibTorchSharpCompat.targets.
// Marks one symbol-version requirement of an ELF shared library as weak, so that the dynamic loader accepts a
// system library that lacks that version. See LibTorchSharpCompat.targets for why this is needed and safe.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenGlibcxxRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string VersionName { get; set; } = "";

    /// <summary>Patch even where this system's libstdc++ has the version: for files that ship to other machines
    /// (the tool package), whose libstdc++ this build cannot know. A weak requirement is harmless where it is met.</summary>
    public bool Force { get; set; }

    public override bool Execute()
    {
        string? provider = FindSystemLibstdcxxWith(VersionName);
        if (provider != null && !Force)
        {
            Log.LogMessage(MessageImportance.Low, $"libstdc++ compat: {provider} defines {VersionName}; nothing to patch.");
            return true;
        }

        foreach (ITaskItem item in Files)
        {
            string path = item.GetMetadata("FullPath");
            try
            {
                byte[] image = File.ReadAllBytes(path);
                string? problem = Weaken(image, VersionName, out bool changed, out bool found);
                if (problem != null)
                {
                    Log.LogError($"libstdc++ compat: {path}: unexpected ELF layout: {problem}. " +
                                 "The file was left unchanged; TorchSharp will not load on this system without the fix.");
                    continue;
                }
                if (!found)
                {
                    Log.LogMessage(MessageImportance.Normal, $"libstdc++ compat: {path} does not require {VersionName}; left unchanged.");
                    continue;
                }
                if (!changed)
                {
                    Log.LogMessage(MessageImportance.Low, $"libstdc++ compat: {path}: {VersionName} is already weak.");
                    continue;
                }
                // Write beside, then move over the copy: never writes through a hard link into the NuGet cache,
                // and a build killed midway leaves either the old or the new file, never half of one.
                string temp = path + ".compat-tmp";
                File.WriteAllBytes(temp, image);
                File.Replace(temp, path, null);
                Log.LogMessage(MessageImportance.High, $"libstdc++ compat: marked {VersionName} weak in {path}");
            }
            catch (IOException e)
            {
                Log.LogError($"libstdc++ compat: {path}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>Returns the path of a system libstdc++ that defines <paramref name="version"/>, or null.</summary>
    private static string? FindSystemLibstdcxxWith(string version)
    {
        var dirs = new System.Collections.Generic.List<string>();
        string? ld = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        if (!string.IsNullOrEmpty(ld)) dirs.AddRange(ld.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries));
        dirs.AddRange(new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
                              "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib" });
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (string dir in dirs)
        {
            string candidate = Path.Combine(dir, "libstdc++.so.6");
            if (!File.Exists(candidate)) continue;
            // The first libstdc++ the loader would find decides.
            return IndexOf(File.ReadAllBytes(candidate), needle) >= 0 ? candidate : null;
        }
        return null;
    }

    // The task compiles against netstandard2.0 (no span search): a plain scan, fine for one 2 MB file.
    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int k = 0;
            while (k < needle.Length && haystack[i + k] == needle[k]) k++;
            if (k == needle.Length) return i;
        }
        return -1;
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on the Vernaux record named <paramref name="version"/>. Returns null on success, or a
    /// description of what in the file did not match the ELF64 little-endian layout (the image is then untouched).
    /// </summary>
    internal static string? Weaken(byte[] image, string version, out bool changed, out bool found)
    {
        changed = false;
        found = false;
        if (image.Length < 64) return "shorter than an ELF64 header";
        if (image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F') return "no ELF magic";
        if (image[4] != 2) return "EI_CLASS is not ELFCLASS64";
        if (image[5] != 1) return "EI_DATA is not little-endian";

        ulong shoff = U64(image, 0x28);
        ushort shentsize = U16(image, 0x3A);
        ushort shnum = U16(image, 0x3C);
        if (shentsize != 64) return $"e_shentsize is {shentsize}, expected 64";
        if (shoff == 0 || shnum == 0 || shoff + (ulong)shnum * 64 > (ulong)image.Length) return "section header table out of bounds";

        int verneedCount = 0;
        for (int s = 0; s < shnum; s++)
        {
            int sh = checked((int)shoff + s * 64);
            if (U32(image, sh + 4) != ShtGnuVerneed) continue;
            verneedCount++;
            ulong secOff = U64(image, sh + 24);
            ulong secSize = U64(image, sh + 32);
            uint link = U32(image, sh + 40);
            if (secOff + secSize > (ulong)image.Length) return "SHT_GNU_verneed section out of bounds";
            if (link >= shnum) return "SHT_GNU_verneed sh_link names no section";
            int strSh = checked((int)shoff + (int)link * 64);
            ulong strOff = U64(image, strSh + 24);
            ulong strSize = U64(image, strSh + 32);
            if (strOff + strSize > (ulong)image.Length) return "version string table out of bounds";

            ulong end = secOff + secSize;
            ulong entry = secOff;
            for (int guard = 0; guard < 4096; guard++)
            {
                if (entry + 16 > end) return "Verneed record out of bounds";
                ushort vnVersion = U16(image, (int)entry);
                if (vnVersion != 1) return $"vn_version is {vnVersion}, expected 1";
                ushort cnt = U16(image, (int)entry + 2);
                uint vnAux = U32(image, (int)entry + 8);
                uint vnNext = U32(image, (int)entry + 12);
                ulong aux = entry + vnAux;
                for (int a = 0; a < cnt; a++)
                {
                    if (aux + 16 > end) return "Vernaux record out of bounds";
                    uint nameOff = U32(image, (int)aux + 8);
                    if (nameOff >= strSize) return "vna_name outside the string table";
                    if (NameEquals(image, (int)(strOff + nameOff), (int)(strOff + strSize), version))
                    {
                        found = true;
                        ushort flags = U16(image, (int)aux + 4);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            flags |= VerFlgWeak;
                            image[(int)aux + 4] = (byte)flags;
                            image[(int)aux + 5] = (byte)(flags >> 8);
                            changed = true;
                        }
                    }
                    uint vnaNext = U32(image, (int)aux + 12);
                    if (vnaNext == 0) break;
                    aux += vnaNext;
                }
                if (vnNext == 0) break;
                entry += vnNext;
            }
        }
        if (verneedCount == 0) return "no SHT_GNU_verneed (.gnu.version_r) section";
        return null;
    }

    private static bool NameEquals(byte[] image, int start, int limit, string name)
    {
        int i = 0;
        for (; i < name.Length; i++)
        {
            if (start + i >= limit || image[start + i] != (byte)name[i]) return false;
        }
        return start + i < limit && image[start + i] == 0;
    }

    private static ushort U16(byte[] b, int o) => (ushort)(b[o] | b[o + 1] << 8);
    private static uint U32(byte[] b, int o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
    private static ulong U64(byte[] b, int o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;
}
