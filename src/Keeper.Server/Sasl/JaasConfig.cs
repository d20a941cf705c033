namespace Keeper.Server.Sasl;

/// <summary>A JAAS login configuration file: its sections ("application names") and each one's login modules, in order.</summary>
internal sealed record JaasConfig(string FileName, IReadOnlyDictionary<string, IReadOnlyList<JaasLoginModule>> Sections);

/// <summary>One <c>ClassName flag key=value ...;</c> entry of a section, with the line it starts on (for messages).</summary>
internal sealed record JaasLoginModule(string ClassName, string Flag, IReadOnlyDictionary<string, string> Options, int Line);
