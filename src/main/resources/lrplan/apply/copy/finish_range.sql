UPDATE lrplan.copy_range SET rows = ?, bytes = ?, finished_at = clock_timestamp()
 WHERE plan = ? AND relation = ? AND range_no = ? AND finished_at IS NULL
