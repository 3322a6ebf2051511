#!/usr/bin/env node
// Entry point: the compiled CLI (npm install runs `prepare`, which builds dist/).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
