// Validates GitHub Actions workflow files against GitHub's workflow JSON schema (SchemaStore's,
// as compiled into the npm package @action-validator/core).
// Usage: node workflow-schema.cjs WORKFLOW.yml...   Prints each file's errors; exit 1 if any.
const fs = require('fs');
const { validateWorkflow } = require('@action-validator/core');

let failed = false;
for (const file of process.argv.slice(2)) {
  const state = validateWorkflow(fs.readFileSync(file, 'utf8'));
  if (state.errors.length === 0) {
    console.log(`${file}: valid GitHub workflow`);
  } else {
    failed = true;
    for (const e of state.errors) {
      console.log(`${file}: ${e.path || ''} ${e.title}: ${e.detail || ''} ${JSON.stringify(e.states || e.location || '')}`);
    }
  }
}
process.exit(failed ? 1 : 0);
