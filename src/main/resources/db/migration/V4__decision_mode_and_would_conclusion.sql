-- Observe mode: a policy (or rule) that runs in observe mode never blocks a merge, so the check run's conclusion
-- is neutral; would_conclusion keeps what enforcing the policy would have concluded, so an organisation can count
-- the pull requests a policy would have stopped before turning it on. mode is observe or enforce; both are NULL
-- on rows written before this migration and when no policy loaded.
ALTER TABLE aigate_decision ADD COLUMN mode VARCHAR(16);
ALTER TABLE aigate_decision ADD COLUMN would_conclusion VARCHAR(32);
