SELECT slot, snapshot, consistent_point, holder_pid, finished_at IS NOT NULL AS finished
  FROM lrplan.copy_state WHERE plan = ?
