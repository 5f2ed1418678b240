// Usage: node validate-ajv.mjs <schema.json> <file>...
// Validates every JSON document in each file against a JSON Schema (draft-07) with Ajv, an implementation
// independent of the .NET code. A file is one JSON value (an object, or an array of objects: each is a record) or
// JSONL (one object per non-empty line). Prints { "<file>": { records: n, errors: [{ record, path, message }] } }.
import fs from 'node:fs';
import Ajv from 'ajv';

const [schemaPath, ...files] = process.argv.slice(2);
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));

function records(text) {
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value : [value];
  } catch {
    return text.split('\n').filter(line => line.trim() !== '').map(line => JSON.parse(line));
  }
}

const out = {};
for (const path of files) {
  try {
    const docs = records(fs.readFileSync(path, 'utf8'));
    const errors = [];
    docs.forEach((doc, i) => {
      if (validate(doc)) return;
      for (const e of validate.errors) errors.push({ record: i + 1, path: e.instancePath, message: `${e.message} ${JSON.stringify(e.params)}` });
    });
    out[path] = { records: docs.length, errors };
  } catch (e) {
    out[path] = { error: String(e?.stack ?? e) };
  }
}
process.stdout.write(JSON.stringify(out));
