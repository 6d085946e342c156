INSERT INTO lrplan.apply_ledger (plan, step, file, sha256, cluster, outcome, statements_done)
VALUES (?, ?, ?, ?, ?, 'running', ?)
RETURNING id
