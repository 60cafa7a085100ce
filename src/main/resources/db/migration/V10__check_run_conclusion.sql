-- The conclusion a head's check run shows, so that a re-evaluation can tell a changed verdict (written first when
-- the installation's write budget runs low) from a refresh of the same verdict. Null for rows written before.
ALTER TABLE aigate_check_run ADD COLUMN conclusion VARCHAR(20);
