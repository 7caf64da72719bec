-- Shared state of phase 2: the library catalog, the server-to-library map, and each library's knowledge: its draft files,
-- backups of replaced drafts, published versions with their files, and the change history. Knowledge is kept as the same
-- readable texts a folder store holds (KnowledgeFiles: "source-id.md" and "taught.jsonl").

-- Libraries created by moderators or the operator; the default library (the bundled knowledge) is not listed.
CREATE TABLE libraries (
    library_id      text        PRIMARY KEY,
    created_at      timestamptz NOT NULL,
    created_by_id   text        NOT NULL,
    created_by_name text        NOT NULL,
    copied_from     text,
    position        bigint      GENERATED ALWAYS AS IDENTITY  -- creation order, for listing oldest first
);

-- The library a server chose; a server without a row uses the operator's map or the default.
CREATE TABLE server_libraries (
    server_id  text PRIMARY KEY,
    library_id text NOT NULL
);

-- A library's draft exists once it has a row here (created with the library, or by the first write to it).
CREATE TABLE drafts (
    library_id text PRIMARY KEY
);

CREATE TABLE draft_files (
    library_id text NOT NULL REFERENCES drafts ON DELETE CASCADE,
    name       text NOT NULL,
    text       text NOT NULL,
    PRIMARY KEY (library_id, name)
);

-- The whole draft as it was before a replace (a rollback, an import over it), as a JSON object of name to text.
CREATE TABLE draft_backups (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    library_id   text        NOT NULL,
    backed_up_at timestamptz NOT NULL,
    files        json        NOT NULL
);
CREATE INDEX draft_backups_library ON draft_backups (library_id, id);

-- A published version: its manifest (VersionManifest as JSON) and its files, written in one transaction, so a version is
-- complete or absent. The live version is the highest number.
CREATE TABLE versions (
    library_id text    NOT NULL,
    version    integer NOT NULL CHECK (version > 0),
    manifest   json    NOT NULL,
    PRIMARY KEY (library_id, version)
);

CREATE TABLE version_files (
    library_id text    NOT NULL,
    version    integer NOT NULL,
    name       text    NOT NULL,
    text       text    NOT NULL,
    PRIMARY KEY (library_id, version, name),
    FOREIGN KEY (library_id, version) REFERENCES versions ON DELETE CASCADE
);

-- The change history (ChangeRecord as JSON), numbered per library from 1.
CREATE TABLE history (
    library_id text    NOT NULL,
    seq        integer NOT NULL,
    change     json    NOT NULL,
    PRIMARY KEY (library_id, seq)
);
