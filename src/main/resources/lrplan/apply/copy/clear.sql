WITH s AS (DELETE FROM lrplan.copy_state WHERE plan = ?) DELETE FROM lrplan.copy_range WHERE plan = ?
