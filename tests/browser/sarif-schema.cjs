// Validates SARIF logs against the SARIF 2.1.0 JSON schema (the OASIS schema as shipped in the
// npm package @microsoft/jest-sarif), with ajv 6 (which speaks the schema's draft-04).
// Usage: node sarif-schema.cjs LOG.sarif...   Prints each log's errors; exit 1 if any.
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');

const schema = require(path.join(
  path.dirname(require.resolve('@microsoft/jest-sarif/package.json')),
  'lib/schemas/sarif-2.1.0-rtm.5.json',
));
const ajv = new Ajv({ schemaId: 'auto', allErrors: true, jsonPointers: true });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(schema);

let failed = false;
for (const file of process.argv.slice(2)) {
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(log)) {
    console.log(`${file}: valid SARIF 2.1.0`);
  } else {
    failed = true;
    for (const e of validate.errors) {
      console.log(`${file}: ${e.dataPath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
}
process.exit(failed ? 1 : 0);
