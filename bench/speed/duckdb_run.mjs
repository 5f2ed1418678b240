// Peers (a) and (c) with DuckDB (@duckdb/node-api): read_json, the three predicates in SQL, then COPY to JSONL or Parquet.
// usage: node duckdb_run.mjs jsonl|parquet IN.jsonl OUT
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, input, output] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const where = `len(spans) >= 3 AND len(list_filter(spans, s -> s.exit_code <> 0)) > 0 AND metadata.dataset = 'mbpp'`;
const source = `read_json('${input}', format = 'newline_delimited', maximum_object_size = 268435456)`;
const target = mode === 'parquet' ? `(FORMAT parquet)` : `(FORMAT json)`;
await db.run(`COPY (SELECT * FROM ${source} WHERE ${where}) TO '${output}' ${target}`);
