// Usage: node read-hyparquet.mjs <file.parquet>...
// Prints { "<file>": { rows: [...], metadata: {...} } } in canonical JSON (see canonical.mjs),
// read with hyparquet (pure JavaScript) plus hyparquet-compressors for GZIP/ZSTD/BROTLI/LZ4.
import fs from 'node:fs';
import { parquetReadObjects, parquetMetadata } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { forEachFile, isoFromMicros, dateFromDays, plain } from './canonical.mjs';

// Ask hyparquet for exact values instead of millisecond-precision Date objects.
const parsers = {
  timestampFromMilliseconds: ms => isoFromMicros(BigInt(ms) * 1000n),
  timestampFromMicroseconds: us => isoFromMicros(BigInt(us)),
  timestampFromNanoseconds: ns => { let us = BigInt(ns) / 1000n; if (BigInt(ns) % 1000n < 0n) us -= 1n; return isoFromMicros(us); },
  dateFromDays: days => dateFromDays(days),
};

await forEachFile(async path => {
  const buf = fs.readFileSync(path);
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const meta = parquetMetadata(file);
  // utf8: false keeps unannotated BYTE_ARRAY as bytes; STRING/UTF8 columns are still decoded as text.
  const rows = await parquetReadObjects({ file, compressors, parsers, utf8: false });
  return {
    rows: rows.map(plain),
    metadata: plain({
      version: meta.version,
      created_by: meta.created_by,
      num_rows: meta.num_rows,
      row_groups: meta.row_groups.length,
      key_value_metadata: meta.key_value_metadata ?? [],
    }),
  };
});
