-- The details page (GET /pulls/{owner}/{repo}/{number}) names the pull request it is about: pull_request keeps, as
-- JSON, what the evaluation saw of it: {"title": ..., "author": ..., "head_ref": ..., "base_ref": ..., "draft": ...}.
-- Everything in it came from the pull request and is shown escaped, never as a link. NULL on rows written before
-- this migration.
ALTER TABLE aigate_decision ADD COLUMN pull_request TEXT;
