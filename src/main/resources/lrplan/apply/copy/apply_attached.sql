-- Whether an lrplan apply of this plan holds the ledger's advisory lock (two int4 keys: objsubid 2).
SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_locks
                WHERE locktype = 'advisory' AND granted AND objsubid = 2
                  AND classid::bigint = ? AND objid = pg_catalog.hashtext(?)::oid)
