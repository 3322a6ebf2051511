/**
 * DuckDB tables. Points are append-only and carry a write version; readers keep the newest
 * version of each (series, bin), which makes re-writes idempotent without an index on the
 * hot insert path. `signal_points` is the deduplicated view for people querying the file.
 */

export const SCHEMA_VERSION = 1;

export const DUCKDB_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS series (
  id INTEGER PRIMARY KEY,
  entity VARCHAR NOT NULL,
  signal VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  UNIQUE (entity, signal, source)
);
CREATE TABLE IF NOT EXISTS points (
  series_id INTEGER NOT NULL,
  bin UINTEGER NOT NULL,
  value DOUBLE,
  coverage FLOAT NOT NULL,
  version BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  id VARCHAR PRIMARY KEY,
  start_time UINTEGER NOT NULL,
  end_time UINTEGER,
  entities VARCHAR[] NOT NULL,
  body VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoints (
  source VARCHAR PRIMARY KEY,
  position VARCHAR NOT NULL,
  updated_at UINTEGER NOT NULL
);
CREATE OR REPLACE VIEW latest_points AS
  SELECT series_id, bin, arg_max_null(value, version) AS value, arg_max(coverage, version) AS coverage
  FROM points GROUP BY series_id, bin;
CREATE OR REPLACE VIEW signal_points AS
  SELECT s.entity, s.signal, s.source, to_timestamp(p.bin) AS bin, p.value, p.coverage
  FROM latest_points p JOIN series s ON s.id = p.series_id;
INSERT OR IGNORE INTO meta VALUES ('schema_version', '${SCHEMA_VERSION}');
`;
