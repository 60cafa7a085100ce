-- What the policy governing each repository and base branch reacts to (dev.aigate.policy.Triggers), written
-- by every evaluation. Ingress reads it to drop a finished check or status that no policy of the repository
-- waits on; in the store, not in one replica's memory, so that after a policy change every replica decides
-- from what the latest evaluation saw, whichever replica ran it.
CREATE TABLE aigate_policy_trigger (
    repo        VARCHAR(300)  NOT NULL,
    base_ref    VARCHAR(300)  NOT NULL,
    events      VARCHAR(200)  NOT NULL,
    fetches     VARCHAR(200)  NOT NULL,
    checks      TEXT          NOT NULL,
    updated_at  BIGINT        NOT NULL,
    PRIMARY KEY (repo, base_ref)
);
