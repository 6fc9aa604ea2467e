#!/usr/bin/env node
// Runs the benchmark (bench/run.ts) through tsx's loader, like bin/vitrine.js does for the app.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/run.ts');
process.exitCode = await main(process.argv.slice(2));
