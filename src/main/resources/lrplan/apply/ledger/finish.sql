UPDATE lrplan.apply_ledger SET outcome = ?, finished_at = clock_timestamp(), error = ? WHERE id = ?
