INSERT INTO lrplan.copy_range (plan, relation, range_no, predicate, est_bytes, binary_format) VALUES (?, ?, ?, ?, ?, ?)
