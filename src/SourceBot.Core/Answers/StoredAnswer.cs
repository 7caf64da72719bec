namespace SourceBot.Core.Answers;

/// <summary>
/// An answer kept for the buttons under it: its short key, the library that answered, the answer itself, where it was given
/// (an opaque string the front end wrote and reads back; Core does not look inside) and when it was stored.
/// </summary>
public sealed record StoredAnswer(string Key, string LibraryId, Answer Answer, string Origin, DateTimeOffset StoredAt);
