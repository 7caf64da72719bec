-- Trained models shared by every process: the files of one model folder (named by its model hash, which covers the
-- knowledge, the code's model version, the embedder and the training settings), so a process that loads a version another
-- process published reads its models instead of training them again.
CREATE TABLE trained_models (
    model_hash text        NOT NULL,
    name       text        NOT NULL,
    content    bytea       NOT NULL,
    stored_at  timestamptz NOT NULL,
    PRIMARY KEY (model_hash, name)
);
