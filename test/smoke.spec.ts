import { run, pathToActive } from '../libs/workflow/test/factories.js';
import { describeWorkflow, nextDeadline, allowedEvents } from '../libs/workflow/src/index.js';
it('smoke', () => {
  const s = run(pathToActive('2026-01-05'));
  console.log(JSON.stringify(s.value), s.context.startDate, s.context.year, nextDeadline(s));
  console.log(allowedEvents(s, 'secretary', '2026-06-01T10:00:00Z'), allowedEvents(s, 'system', '2027-06-01T10:00:00Z'));
  console.log(describeWorkflow().mermaid);
});
