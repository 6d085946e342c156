SELECT to_regclass('lrplan.apply_ledger') IS NOT NULL
