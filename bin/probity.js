#!/usr/bin/env node
// The operators' command. Runs the compiled CLI (built by `npm install` via the prepare script).
import('../dist/cli/main.js').then((m) => m.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code ?? 0; },
  (err) => { console.error(err instanceof Error ? err.message : String(err)); process.exitCode = 1; },
);
