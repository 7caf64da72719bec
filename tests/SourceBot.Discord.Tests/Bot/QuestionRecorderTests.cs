using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using SourceBot.Core.Answers;
using SourceBot.Core.Feedback;
using SourceBot.Core.Libraries;
using SourceBot.Core.QuestionLog;
using SourceBot.Discord.Bot;

namespace SourceBot.Discord.Tests.Bot;

/// <summary>With libraries, a question and its vote go to the question log of the library of the server it was asked in.</summary>
public sealed class QuestionRecorderTests
{
    private static Answer Answered(string question) =>
        new(question, AnswerOutcome.Answered, "Quote.", [], null, "src", "src#p1", "Quote.", 0.9, 0, [], "", []);

    [Fact]
    public async Task Each_servers_questions_and_votes_reach_only_its_own_librarys_log()
    {
        var logA = new Mock<IQuestionLog>();
        var logB = new Mock<IQuestionLog>();
        var libraries = new Mock<ILibraryQuestionLogs>();
        libraries.Setup(l => l.ForServerAsync("A", It.IsAny<CancellationToken>())).ReturnsAsync(logA.Object);
        libraries.Setup(l => l.ForServerAsync("B", It.IsAny<CancellationToken>())).ReturnsAsync(logB.Object);
        var recorder = new QuestionRecorder(NullLogger<QuestionRecorder>.Instance, log: null, moderation: null, libraries: libraries.Object);

        await recorder.RecordAsync(Answered("asked in A"), "A", "u1", "hash", default);
        await recorder.RecordVoteAsync(Answered("asked in A"), "A", FeedbackVote.Down, default);

        logA.Verify(l => l.RecordAsync(It.Is<Answer>(a => a.Question == "asked in A"), QuestionRecorder.Channel, "u1", "hash", It.IsAny<CancellationToken>()), Times.Once);
        logA.Verify(l => l.RecordFeedbackAsync("asked in A", "src#p1", FeedbackVote.Down, It.IsAny<CancellationToken>()), Times.Once);
        logB.VerifyNoOtherCalls();
    }
}
