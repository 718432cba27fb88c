#!/usr/bin/env node
import { run } from './run.js';

// The process's own streams and environment; everything else is in run().
process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
