INSERT INTO lrplan.copy_state (plan, slot, snapshot, consistent_point, holder_pid) VALUES (?, ?, ?, ?, ?)
