#!/usr/bin/env node
// The `trackwire` command: runs the bundled CLI, or says how to build it.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist-main', 'cli.cjs');
if (!fs.existsSync(cli)) {
  console.error(`trackwire: ${cli} is missing; build it first with: npm run build`);
  process.exit(2);
}
require(cli);
