// Workflow CRUD with pagination: create, read, page through the list, update, run, delete.
import { CozeAPI, NotFoundError } from '@coze/client';

const coze = new CozeAPI();

const created = [];
for (let i = 1; i <= 5; i++) {
  created.push(await coze.workflow.create({ name: `crud-${i}`, description: `workflow ${i} of 5`, nodes: [] }));
}
console.log(`created   ${created.map((wf) => wf.id).join(', ')}`);

const wf = await coze.workflow.get({ workflow_id: created[0]!.id });
console.log(`get       ${wf.id} "${wf.name}" version ${wf.version}`);

const page = await coze.workflow.list({ limit: 2 });
console.log(`page 1    ${page.data.length} workflows, has_more=${page.has_more}`);

let count = 0;
for await (const item of coze.workflow.list({ limit: 2 })) {
  if (created.some((c) => c.id === item.id)) count++;
}
console.log(`all pages ${count} of ours seen`);

const updated = await coze.workflow.update({ workflow_id: wf.id, name: 'crud-renamed' });
console.log(`update    "${updated.name}" version ${updated.version}`);

const run = await coze.workflow.run({ workflow_id: wf.id, inputs: { input: 'hello' } });
console.log(`run       ${run.status}`);

for (const item of created) await coze.workflow.delete({ workflow_id: item.id });
try {
  await coze.workflow.get({ workflow_id: wf.id });
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  console.log(`delete    all ${created.length} deleted`);
}
