INSERT INTO lrplan.apply_ledger (plan, step, file, sha256, cluster, outcome, finished_at, error)
VALUES (?, 0, ?, '', 'target', 'succeeded', clock_timestamp(), ?)
