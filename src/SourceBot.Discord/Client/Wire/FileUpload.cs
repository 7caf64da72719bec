namespace SourceBot.Discord.Client.Wire;

/// <summary>A file sent with a message (multipart/form-data part "files[n]").</summary>
public sealed record FileUpload(string FileName, byte[] Content, string ContentType = "text/plain; charset=utf-8");
