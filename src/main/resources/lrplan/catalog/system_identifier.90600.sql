-- The cluster's system identifier; needs the right to run pg_control_system().
SELECT system_identifier::text AS system_identifier FROM pg_control_system()
