SELECT relation, range_no, predicate, est_bytes, binary_format, finished_at IS NOT NULL AS finished, rows, bytes
  FROM lrplan.copy_range WHERE plan = ? ORDER BY relation, range_no
