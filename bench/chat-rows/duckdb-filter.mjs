// DuckDB's side of the chat-row benchmark: the same filter as filter.yaml, in SQL, over the same Parquet file.
// Usage: node duckdb-filter.mjs <in.parquet> <out.jsonl>   (run.sh copies it next to a link to tests/interop/node_modules)
import { DuckDBInstance } from '@duckdb/node-api';
const [input, output] = process.argv.slice(2);
const quote = p => `'${p.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await instance.connect();
// resolved runs with at least one tool reply stating a non-zero exit code (what the tool's classifier calls a failure here)
await con.run(`COPY (SELECT * FROM read_parquet(${quote(input)})
  WHERE resolved = 1
    AND len(list_filter(trajectory, m -> m.role = 'tool' AND regexp_matches(m.content, 'exit code [1-9][0-9]*\\.\\]'))) > 0)
  TO ${quote(output)} (FORMAT json)`);
const rows = await con.runAndReadAll(`SELECT count(*) AS n FROM read_json(${quote(output)}, format = 'newline_delimited')`);
process.stdout.write(JSON.stringify({ kept: Number(rows.getRows()[0][0]) }) + '\n');
