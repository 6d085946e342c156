SELECT DISTINCT ON (step) id, step, file, sha256, outcome, statements_done, started_at, finished_at, error
  FROM lrplan.apply_ledger
 WHERE plan = ?
 ORDER BY step, id DESC
