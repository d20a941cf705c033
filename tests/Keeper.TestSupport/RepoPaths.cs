namespace Keeper.TestSupport;

/// <summary>Where the repository and this test run's build output are.</summary>
public static class RepoPaths
{
    /// <summary>The directory holding Keeper.sln, found by walking up from the test assembly.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Keeper.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException($"no Keeper.sln above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>"Debug" or "Release": the configuration the test assembly was built in, if its path shows it.</summary>
    public static string? TestConfiguration
    {
        get
        {
            var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            for (var i = parts.Length - 2; i >= 0; i--)
            {
                if (parts[i] == "bin")
                {
                    return parts[i + 1];
                }
            }

            return null;
        }
    }
}
