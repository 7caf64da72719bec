namespace SourceBot.Core.Retrieval;

/// <summary>
/// Input that is not a question about anything: code, injection strings, random tokens, lone punctuation, and word salad
/// drawn from the sources' own vocabulary (which shares words with them and still asks nothing). The answer-or-decline model
/// learns to refuse it. Seeded, so the same seed gives the same lines.
/// </summary>
public static class JunkQuestions
{
    private static readonly string[] Fixed =
    [
        "' OR 1=1; --", "\" OR \"\"=\"", "'; DROP TABLE users; --", "1; SELECT * FROM passages WHERE 1=1", "<script>alert(1)</script>",
        "{{7*7}}", "${jndi:ldap://x/a}", "../../etc/passwd", "admin'--", "UNION SELECT password FROM accounts",
        "for (int i = 0; i < n; i++) { sum += i; }", "def f(x): return x * 2", "console.log('hello world');", "SELECT 1",
        "import os; os.system('ls')", "#include <stdio.h>", "x = [i for i in range(10)]", "</div><div class=\"a\">",
        "???", "...", "!!!", "?!", "-- --", "###", "***", ":)", "lol", "asdf", "qwerty", "hmm", "ok", "test", "test test 123",
        "aaaaaaa", "zzz", "hello", "hi there", "thanks", "yes", "no", "help", "ping", "what", "why", "how",
        "lorem ipsum dolor sit amet", "the of and to in", "1 2 3 4 5", "0x1F 0x2A 0xFF", "null undefined NaN", "true false",
    ];

    public static List<string> Generate(Corpus corpus, int seed, int count)
    {
        var random = new Random(seed);
        var lines = new List<string>(Fixed);
        var vocabulary = corpus.Passages.SelectMany(p => p.PlainText.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length > 2).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        const string letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        while (lines.Count < count)
        {
            switch (random.Next(3))
            {
                case 0 when vocabulary.Length > 0:
                    // Word salad: a few of the sources' words in random order.
                    lines.Add(string.Join(' ', Enumerable.Range(0, random.Next(2, 7)).Select(_ => vocabulary[random.Next(vocabulary.Length)])));
                    break;
                case 1:
                    lines.Add(string.Join(' ', Enumerable.Range(0, random.Next(1, 5)).Select(_ =>
                        new string([.. Enumerable.Range(0, random.Next(3, 10)).Select(_ => letters[random.Next(letters.Length)])]))));
                    break;
                default:
                    lines.Add(Fixed[random.Next(Fixed.Length)] + " " + (vocabulary.Length > 0 ? vocabulary[random.Next(vocabulary.Length)] : "x"));
                    break;
            }
        }
        return lines;
    }
}
