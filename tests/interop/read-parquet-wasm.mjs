// Usage: node read-parquet-wasm.mjs <file.parquet>...
// Prints { "<file>": { rows: [...], schema: [...] } } in canonical JSON (see canonical.mjs),
// read with parquet-wasm (arrow-rs compiled to WebAssembly) and apache-arrow.
import fs from 'node:fs';
import { readParquet } from 'parquet-wasm';
import { tableFromIPC, Type } from 'apache-arrow';
import { forEachFile, isoFromMicros, dateFromDays, uuidFromBytes, plain } from './canonical.mjs';

// Arrow JS returns timestamps as (fractional) milliseconds and lists as Vectors; convert by type.
function convert(v, type) {
  if (v === null || v === undefined) return null;
  switch (type.typeId) {
    case Type.Timestamp: return isoFromMicros(BigInt(Math.round(Number(v) * 1000)));
    case Type.Date: return dateFromDays(Math.floor(Number(v) / 86400000));
    case Type.FixedSizeBinary: return type.byteWidth === 16 ? uuidFromBytes(v) : plain(v);
    case Type.List:
    case Type.LargeList:
    case Type.FixedSizeList: return Array.from(v, x => convert(x, type.children[0].type));
    case Type.Struct: return Object.fromEntries(type.children.map(f => [f.name, convert(v[f.name], f.type)]));
    default: return plain(v);
  }
}

await forEachFile(async path => {
  const table = tableFromIPC(readParquet(new Uint8Array(fs.readFileSync(path))).intoIPCStream());
  const fields = table.schema.fields;
  const rows = [];
  for (let i = 0; i < table.numRows; i++) {
    const row = table.get(i);
    rows.push(Object.fromEntries(fields.map(f => [f.name, convert(row[f.name], f.type)])));
  }
  return { rows, schema: fields.map(f => `${f.name}: ${f.type}`) };
});
