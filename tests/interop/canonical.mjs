// Canonical JSON shared by the reader scripts, so the .NET tests compare one format:
// integers -> JSON numbers or decimal strings (int64 arrives as BigInt), doubles -> numbers
// (NaN/Infinity as strings), timestamps -> ISO-8601 UTC with exactly 6 fractional digits,
// dates -> "YYYY-MM-DD", UUIDs -> lowercase hyphenated, other bytes -> "hex:<lowercase hex>",
// lists -> arrays, structs -> objects (field order kept).

export function isoFromMicros(micros) {
  const us = BigInt(micros);
  let ms = us / 1000n;
  let rem = us % 1000n;
  if (rem < 0n) { rem += 1000n; ms -= 1n; } // floor, so pre-1970 values truncate like .NET ticks
  const iso = new Date(Number(ms)).toISOString(); // 2024-01-02T03:04:05.123Z
  return iso.slice(0, -1) + rem.toString().padStart(3, '0') + 'Z';
}

export function dateFromDays(days) {
  return new Date(Number(days) * 86400000).toISOString().slice(0, 10);
}

export function hex(bytes) {
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

export function uuidFromBytes(bytes) {
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function plain(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Uint8Array) return 'hex:' + hex(v);
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return String(v);
}

// Runs fn(path) for every file argument and prints { path: result | { error } } as JSON.
export async function forEachFile(fn) {
  const out = {};
  for (const path of process.argv.slice(2)) {
    try { out[path] = await fn(path); } catch (e) { out[path] = { error: String(e?.stack ?? e) }; }
  }
  process.stdout.write(JSON.stringify(out));
}
