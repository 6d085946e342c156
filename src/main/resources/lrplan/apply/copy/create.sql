CREATE TABLE IF NOT EXISTS lrplan.copy_state (
  plan text PRIMARY KEY,
  slot text NOT NULL,
  snapshot text NOT NULL,
  consistent_point text NOT NULL,
  holder_pid int,
  started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at timestamptz
)
