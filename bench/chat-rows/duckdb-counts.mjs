// The chat-row benchmark's check (untimed): what the Parquet file holds, counted by DuckDB's SQL, for run.sh to compare
// with `trace-curate inspect --json` on the same file: rows (traces), assistant tool calls (actions), and tool replies
// that state a non-zero exit code (failed actions).
// Usage: node duckdb-counts.mjs <in.parquet>   Prints {"rows", "tool_calls", "failed"}.
import { DuckDBInstance } from '@duckdb/node-api';
const [input] = process.argv.slice(2);
const quote = p => `'${p.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await instance.connect();
const result = await con.runAndReadAll(`SELECT count(*),
    sum(list_sum(list_transform(trajectory, m -> coalesce(len(m.tool_calls), 0)))),
    sum(len(list_filter(trajectory, m -> m.role = 'tool' AND regexp_matches(m.content, 'exit code [1-9][0-9]*\\.\\]'))))
  FROM read_parquet(${quote(input)})`);
const [rows, toolCalls, failed] = result.getRows()[0].map(Number);
process.stdout.write(JSON.stringify({ rows, tool_calls: toolCalls, failed }) + '\n');
