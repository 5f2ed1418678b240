// Usage: node query-duckdb.mjs <file.parquet> "<sql>"
// Runs one SQL statement in DuckDB with the view `t` = read_parquet(<file>) and prints its rows as a JSON array of
// objects. BIGINT/HUGEINT results are printed as numbers when they fit in a double exactly, else as strings.
import { DuckDBInstance } from '@duckdb/node-api';

const [file, sql] = process.argv.slice(2);
if (!file || !sql) {
  console.error('usage: query-duckdb.mjs <file.parquet> <sql>');
  process.exit(2);
}
const quote = p => `'${p.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(`CREATE VIEW t AS SELECT * FROM read_parquet(${quote(file)})`);
const reader = await con.runAndReadAll(sql);
const plain = v => {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v === null || v === undefined || typeof v !== 'object') return v ?? null;
  return v.toString();
};
const rows = reader.getRowObjects().map(r => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
process.stdout.write(JSON.stringify(rows));
