#!/usr/bin/env node
// Usage: node schema_check.js LOG.sarif...
// Validates SARIF logs against the SARIF 2.1.0 JSON Schema that ships inside the pinned
// @microsoft/sarif-multitool package, with ajv. Needed beside `sarif-multitool validate`
// because the multitool silently reports success for a log it cannot deserialize (e.g. an
// unknown "level" value). Prints one line per schema error; exits 1 if any log is invalid.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');

function findSchema() {
  for (const pkg of ['sarif-multitool-linux', 'sarif-multitool-darwin', 'sarif-multitool-win32']) {
    const p = path.join(__dirname, 'node_modules', '@microsoft', pkg, 'sarif-2.1.0.json');
    if (fs.existsSync(p)) return p;
  }
  throw new Error('sarif-2.1.0.json not found under node_modules/@microsoft (run npm ci)');
}

const schema = JSON.parse(fs.readFileSync(findSchema(), 'utf8'));
// Formats (uri, date-time) are not asserted: the multitool checks URIs itself.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(schema);

let bad = 0;
for (const file of process.argv.slice(2)) {
  let log;
  try {
    log = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`${file}: error: not JSON: ${e.message}`);
    bad++;
    continue;
  }
  if (validate(log)) {
    console.log(`${file}: schema ok`);
    continue;
  }
  bad++;
  for (const e of validate.errors) {
    console.log(`${file}: error: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
process.exit(bad ? 1 : 0);
