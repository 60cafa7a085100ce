-- An evaluation whose policy did not load (or where no policy applies) computes no provenance class, and it
-- must still leave its audit record: provenance_class is NULL then. The new policy_result column says which policy
-- was applied, and for a policy that did not load, every problem with its file:line:col (JSON; NULL on rows
-- written before this migration).
ALTER TABLE aigate_decision ALTER COLUMN provenance_class DROP NOT NULL;
ALTER TABLE aigate_decision ADD COLUMN policy_result TEXT;
