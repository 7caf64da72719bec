using System.Text.RegularExpressions;

namespace SourceBot.Core.Answers;

/// <summary>
/// Whether a text holds the kind of thing a question asks for: a date or time for "when", a number for "how many", a person
/// or body for "who". A passage without it cannot answer such a question, however close its topic.
/// </summary>
public static partial class AnswerKinds
{
    [GeneratedRegex(@"\b(1\d{3}|20\d\d)s?\b|\b\d{1,2}(st|nd|rd|th)?\s+century\b|\bcentur(y|ies)\b|\bdecades?\b|\b(BC|BCE|AD|CE)\b|\b(January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(today|yesterday|ago|annually|daily|weekly|monthly|yearly|era|age|period|dynasty|reign|season|spring|summer|autumn|winter|morning|evening|night)\b|\b(after|before|during|until|since|when|once|while)\b")]
    private static partial Regex Date();

    [GeneratedRegex(@"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|percent|half|quarter|third|several|many|few|majority|minority|single|double|twice|thrice)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Number();

    // A capitalised word that does not open a sentence (a name), a word for a person or a body of people, or an agent noun
    // (writer, creators, scientist, musicians, servant …). Without a named-entity model this only rules out passages with
    // no one in them at all.
    [GeneratedRegex(@"(?<![.!?]\s)(?<!^)\b\p{Lu}\p{Ll}+|\b(people|person|persons|man|men|woman|women|king|queen|president|government|officials?|authorit(y|ies)|agency|organi[sz]ation|group|members?|leaders?|founders?|author|writer|scientists?|researchers?|company|court|council|committee|army|police|owners?|holders?|citizens?|students?|children|public|everyone|anyone|nobody)\b|\b\p{Ll}+(er|or|ist|ian|ant|ent)s?\b")]
    private static partial Regex Agent();

    public static bool HasDate(string text) => Date().IsMatch(text);

    public static bool HasNumber(string text) => Number().IsMatch(text);

    public static bool HasAgent(string text) => Agent().IsMatch(text);
}
