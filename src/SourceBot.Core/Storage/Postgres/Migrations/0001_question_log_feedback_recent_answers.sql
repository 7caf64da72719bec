-- Shared state of phase 1: the question log, feedback, the recent answers that buttons refer to, custom_id aliases and the
-- holders of named locks. Per-library rows carry library_id ("default" is the bundled knowledge).
-- Questions can be up to 4,000 characters, more than a btree index entry holds, so indexes and the feedback key use md5(question).

CREATE TABLE question_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    library_id     text             NOT NULL,
    asked_at       timestamptz      NOT NULL,
    question       text             NOT NULL,
    answered       boolean          NOT NULL,
    outcome        text             NOT NULL,
    passage_id     text,
    score          double precision NOT NULL,
    channel        text             NOT NULL,
    user_id        text,
    knowledge_hash text,
    feedback       smallint CHECK (feedback IN (-1, 1))
);
CREATE INDEX question_log_library ON question_log (library_id, id);
CREATE INDEX question_log_question ON question_log (library_id, passage_id, md5(question));

CREATE TABLE feedback (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    library_id  text        NOT NULL,
    question    text        NOT NULL,
    passage_id  text        NOT NULL,
    user_id     text        NOT NULL,
    vote        smallint    NOT NULL CHECK (vote IN (-1, 1)),
    recorded_at timestamptz NOT NULL
);
-- One vote per user, question and passage in a library: voting again replaces the vote.
CREATE UNIQUE INDEX feedback_vote ON feedback (library_id, passage_id, user_id, md5(question));

-- The answer is json, not jsonb: json keeps the text as written, so an answer reads back exactly as it was stored.
CREATE TABLE recent_answers (
    key        text        PRIMARY KEY,
    library_id text        NOT NULL,
    answer     json        NOT NULL,
    origin     text        NOT NULL,
    stored_at  timestamptz NOT NULL
);
CREATE INDEX recent_answers_stored_at ON recent_answers (stored_at);

-- A value too long for a Discord custom_id (a long passage id), under a short key. Part of a button, not library data,
-- so it carries no library_id.
CREATE TABLE answer_aliases (
    key       text        PRIMARY KEY,
    value     text        NOT NULL,
    stored_at timestamptz NOT NULL
);
CREATE INDEX answer_aliases_stored_at ON answer_aliases (stored_at);

-- Who holds a named advisory lock (PostgresAdvisoryLock), so a loser can be told "held by X since T". The lock itself is
-- the advisory lock; a row left by a process that died names no one once the lock is free, and the next holder replaces it.
CREATE TABLE locks (
    name        text        PRIMARY KEY,
    holder      text        NOT NULL,
    acquired_at timestamptz NOT NULL
);
