namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// What a resume needs: the session id and resume_gateway_url from READY and the last sequence number received. The run loop
/// alone sets the id and URL; the sequence is also read by the heartbeat loop, so it is kept atomically.
/// </summary>
internal sealed class GatewaySession
{
    // The last sequence number, or NoSequence: a long read and written atomically (Volatile / Interlocked) rather than an int?
    // (two fields, which a reader could see torn).
    private const long NoSequence = -1;
    private long _sequence = NoSequence;
    private bool _resumeUrlFailed;

    /// <summary>The session id from READY; null before READY and after a session ended.</summary>
    public string? Id { get; private set; }

    /// <summary>READY's resume_gateway_url, or null when it sent none.</summary>
    public string? ResumeUrl { get; private set; }

    /// <summary>The URL to resume on: <see cref="ResumeUrl"/> unless connecting to it failed (then the main gateway URL is used).</summary>
    public string? UsableResumeUrl => _resumeUrlFailed ? null : ResumeUrl;

    /// <summary>The last sequence number received in this session, or null before the first one (thread-safe).</summary>
    public int? Sequence
    {
        get
        {
            var value = Volatile.Read(ref _sequence);
            return value == NoSequence ? null : (int)value;
        }
        set => Interlocked.Exchange(ref _sequence, value ?? NoSequence);
    }

    /// <summary>READY: a new session to resume later.</summary>
    public void Start(string sessionId, string? resumeUrl)
    {
        Id = sessionId;
        ResumeUrl = string.IsNullOrWhiteSpace(resumeUrl) ? null : resumeUrl;
        _resumeUrlFailed = false;
    }

    /// <summary>Connecting to <see cref="ResumeUrl"/> failed: resume through the main gateway URL instead.</summary>
    public void ResumeUrlFailed() => _resumeUrlFailed = true;

    /// <summary>The session cannot be resumed: the next connection identifies anew.</summary>
    public void Clear()
    {
        Id = null;
        Sequence = null;
        ResumeUrl = null;
        _resumeUrlFailed = false;
    }
}
