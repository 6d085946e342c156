CREATE TABLE IF NOT EXISTS lrplan.copy_range (
  plan text NOT NULL,
  relation text NOT NULL,
  range_no int NOT NULL,
  predicate text,
  est_bytes bigint NOT NULL,
  binary_format boolean NOT NULL,
  rows bigint,
  bytes bigint,
  finished_at timestamptz,
  PRIMARY KEY (plan, relation, range_no)
)
