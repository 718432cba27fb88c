#!/usr/bin/env node
import { pipeOutput } from './io.js';
import { EXIT, run } from './run.js';

// The process's own streams and environment; everything else is in run(). A reader that closes the pipe
// early ends the output quietly (pipeOutput); any other failure to write standard output is reported.
const stdout = pipeOutput(process.stdout);
const status = await run(process.argv.slice(2), {
  stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
const lost = stdout.failure();
if (lost !== undefined) process.stderr.write(`ledger: cannot write standard output: ${lost.message}\n`);
process.exitCode = lost !== undefined && status === EXIT.ok ? EXIT.failure : status;
