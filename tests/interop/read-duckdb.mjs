// Usage: node read-duckdb.mjs <file.parquet>...
// Prints { "<file>": { rows: [...], metadata: [...], schema: [...] } } in canonical JSON (see canonical.mjs).
// rows = SELECT * FROM read_parquet(file); metadata = parquet_metadata(file); schema = parquet_schema(file).
import { DuckDBInstance } from '@duckdb/node-api';
import { forEachFile, isoFromMicros, dateFromDays, plain } from './canonical.mjs';

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();

function canonical(v) {
  if (v === null || v === undefined) return null;
  switch (v.constructor?.name) {
    case 'DuckDBTimestampValue':
    case 'DuckDBTimestampTZValue': return isoFromMicros(v.micros);
    case 'DuckDBTimestampMillisecondsValue': return isoFromMicros(v.millis * 1000n);
    case 'DuckDBTimestampSecondsValue': return isoFromMicros(v.seconds * 1000000n);
    case 'DuckDBTimestampNanosecondsValue': {
      let us = v.nanos / 1000n;
      if (v.nanos % 1000n < 0n) us -= 1n;
      return isoFromMicros(us);
    }
    case 'DuckDBDateValue': return dateFromDays(v.days);
    case 'DuckDBUUIDValue':
    case 'DuckDBDecimalValue': return v.toString();
    case 'DuckDBBlobValue': return plain(v.bytes);
    case 'DuckDBListValue':
    case 'DuckDBArrayValue': return v.items.map(canonical);
    case 'DuckDBStructValue': return Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, canonical(x)]));
    case 'DuckDBMapValue': return v.entries.map(e => ({ key: canonical(e.key), value: canonical(e.value) }));
    default: return plain(v);
  }
}

const quote = p => `'${p.replaceAll("'", "''")}'`;
async function query(sql) {
  const reader = await con.runAndReadAll(sql);
  return reader.getRowObjects().map(r => Object.fromEntries(Object.entries(r).map(([k, x]) => [k, canonical(x)])));
}

await forEachFile(async path => ({
  rows: await query(`SELECT * FROM read_parquet(${quote(path)})`),
  metadata: await query(`SELECT row_group_id, path_in_schema, type, compression, encodings, num_values,
      stats_min_value, stats_max_value, stats_null_count FROM parquet_metadata(${quote(path)}) ORDER BY row_group_id, column_id`),
  schema: await query(`SELECT name, type, repetition_type, converted_type, logical_type FROM parquet_schema(${quote(path)})`),
}));
