// Usage: node write-duckdb.mjs <input.jsonl> "<select list>" <out1.parquet> "<options1>" [<out2.parquet> "<options2>" ...]
// Has DuckDB write Parquet files from newline-delimited JSON, one per (output, options) pair:
//   CREATE TABLE input AS SELECT <select list> FROM read_json(<input>, format = 'newline_delimited');
//   COPY input TO <out> (FORMAT parquet, <options>)
// e.g. select list "id, CAST(u AS UUID) AS u, CAST(ts AS TIMESTAMP) AS ts" and options "COMPRESSION zstd, PARQUET_VERSION v2".
// Empty options mean DuckDB's defaults. Prints {"written": [outputs]}.
// A leading `--read-options "<opts>"` adds options to read_json, e.g. "maximum_depth = 1" keeps nested values as JSON
// text instead of inferring one struct type for all rows (which adds null keys to objects that lacked them).
import { DuckDBInstance } from '@duckdb/node-api';

const argv = process.argv.slice(2);
const readOptions = argv[0] === '--read-options' ? `, ${argv.splice(0, 2)[1]}` : '';
const [input, select, ...pairs] = argv;
if (!input || !select || pairs.length === 0 || pairs.length % 2 !== 0) {
  console.error('usage: write-duckdb.mjs <input.jsonl> <select> <out.parquet> <options> [<out> <options>...]');
  process.exit(2);
}
const quote = p => `'${p.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
// Parse the JSON once; every COPY then writes the same table (insertion order is preserved).
await con.run(`CREATE TABLE input AS SELECT ${select} FROM read_json(${quote(input)}, format = 'newline_delimited'${readOptions})`);
const written = [];
for (let i = 0; i < pairs.length; i += 2) {
  const [output, options] = [pairs[i], pairs[i + 1]];
  const opts = options.trim() ? `, ${options}` : '';
  await con.run(`COPY input TO ${quote(output)} (FORMAT parquet${opts})`);
  written.push(output);
}
process.stdout.write(JSON.stringify({ written }));
