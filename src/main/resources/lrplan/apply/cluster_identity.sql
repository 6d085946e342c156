-- What a step checks a cluster is: its version, database and system identifier.
SELECT current_setting('server_version_num')::int, current_database(),
       (SELECT system_identifier::text FROM pg_control_system())
