// Usage: node write-parquet-wasm.mjs <input.parquet> <out1.parquet> '<json options>' [<out2.parquet> '<json options>' ...]
// Re-encodes a Parquet file with the arrow-rs writer (parquet-wasm), the Rust counterpart of
// pyarrow's C++ writer, so the .NET reader meets arrow-style files (lists with "element"
// children, V2 pages, DELTA_BYTE_ARRAY, ...). Options (all optional), e.g.
//   {"compression":"ZSTD","version":"V2","dictionary":false,"maxRowGroupSize":1000,
//    "columnEncodings":{"id":"DELTA_BYTE_ARRAY","n":"DELTA_BINARY_PACKED"}}
// Names are parquet-wasm's Compression / WriterVersion / Encoding enum members. Prints {"written": [...]}.
import fs from 'node:fs';
import { readParquet, writeParquet, WriterPropertiesBuilder, Compression, WriterVersion, Encoding } from 'parquet-wasm';

const [input, ...pairs] = process.argv.slice(2);
if (!input || pairs.length === 0 || pairs.length % 2 !== 0) {
  console.error("usage: write-parquet-wasm.mjs <input.parquet> <out.parquet> '<json options>' [...]");
  process.exit(2);
}
const bytes = new Uint8Array(fs.readFileSync(input));
const written = [];
for (let i = 0; i < pairs.length; i += 2) {
  const [output, json] = [pairs[i], pairs[i + 1]];
  const o = json.trim() ? JSON.parse(json) : {};
  let b = new WriterPropertiesBuilder().setCreatedBy('parquet-wasm (arrow-rs) interop fixture');
  if (o.compression) b = b.setCompression(Compression[o.compression]);
  if (o.version) b = b.setWriterVersion(WriterVersion[o.version]);
  if (o.dictionary !== undefined) b = b.setDictionaryEnabled(o.dictionary);
  if (o.maxRowGroupSize) b = b.setMaxRowGroupSize(o.maxRowGroupSize);
  for (const [col, enc] of Object.entries(o.columnEncodings ?? {})) b = b.setColumnEncoding(col, Encoding[enc]);
  fs.writeFileSync(output, writeParquet(readParquet(bytes), b.build()));
  written.push(output);
}
process.stdout.write(JSON.stringify({ written }));
