UPDATE lrplan.apply_ledger
   SET outcome = 'interrupted', finished_at = clock_timestamp(), error = 'the apply running it stopped before it finished'
 WHERE plan = ? AND outcome = 'running'
