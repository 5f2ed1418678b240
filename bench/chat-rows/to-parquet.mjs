// Has DuckDB stream the generated JSONL into Parquet the way a Hugging Face dataset's files are written (pyarrow
// through `datasets`): snappy pages, 1,000 rows per row group (`datasets`' writer_batch_size default), the message list
// as a nested list<struct> whose struct is the union of the messages' keys. The column types are given, not inferred,
// so every size of the benchmark has the same schema.
// One thread: with more, DuckDB cuts a row group per thread's batch (about 350 rows here) whatever ROW_GROUP_SIZE says.
// Usage: node to-parquet.mjs <in.jsonl> <out.parquet>   Prints {"rows", "row_groups"}.
import { DuckDBInstance } from '@duckdb/node-api';
const [input, output] = process.argv.slice(2);
const quote = p => `'${p.replaceAll("'", "''")}'`;
const call = `STRUCT("function" STRUCT(arguments VARCHAR, name VARCHAR), id VARCHAR, type VARCHAR)`;
const columns = `{trajectory_id: 'VARCHAR', instance_id: 'VARCHAR', repo: 'VARCHAR',
  trajectory: 'STRUCT(content VARCHAR, name VARCHAR, role VARCHAR, tool_call_id VARCHAR, tool_calls ${call}[])[]',
  tools: 'STRUCT("function" STRUCT(description VARCHAR, name VARCHAR, parameters VARCHAR), type VARCHAR)[]',
  model_patch: 'VARCHAR', exit_status: 'VARCHAR', resolved: 'BIGINT', gen_tests_correct: 'DOUBLE', pred_passes_gen_tests: 'DOUBLE'}`;
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const con = await instance.connect();
await con.run(`COPY (SELECT * FROM read_json(${quote(input)}, format = 'newline_delimited', columns = ${columns}, maximum_object_size = 67108864))
  TO ${quote(output)} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 1000)`);
const meta = await con.runAndReadAll(`SELECT max(row_group_id) + 1, sum(row_group_num_rows) FILTER (WHERE column_id = 0)
  FROM parquet_metadata(${quote(output)})`);
const [groups, rows] = meta.getRows()[0];
process.stdout.write(JSON.stringify({ rows: Number(rows), row_groups: Number(groups) }) + '\n');
