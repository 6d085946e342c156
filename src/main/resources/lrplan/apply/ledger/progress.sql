UPDATE lrplan.apply_ledger SET statements_done = ? WHERE id = ?
