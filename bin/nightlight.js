#!/usr/bin/env node
// The installed command: the compiled CLI (`npm install` runs `prepare`, which builds dist/).
import '../dist/cli/entry.js';
