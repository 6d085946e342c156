UPDATE lrplan.copy_state SET finished_at = clock_timestamp() WHERE plan = ?
