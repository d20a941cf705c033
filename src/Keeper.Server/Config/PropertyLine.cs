namespace Keeper.Server.Config;

/// <summary>One key/value pair of a properties file, trimmed, with the line it starts on (for error messages).</summary>
internal readonly record struct PropertyLine(string Key, string Value, int Line);
