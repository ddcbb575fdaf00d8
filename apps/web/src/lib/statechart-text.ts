// The Mermaid text of the lifecycle, as the UI draws it: French labels, an accessible title, the current states.
import type { WorkflowDescription } from '../api';

/** Mermaid ids are the machine's dotted state ids with '.' replaced by '_'. */
export const mermaidId = (stateId: string): string => stateId.replace(/\./g, '_');

/**
 * The server's diagram, with French labels on the transitions (instead of the event types), an accessible
 * title and description, and the current leaves in the `current` class.
 */
export function highlightedDiagram(workflow: WorkflowDescription, current: Array<{ id: string; label: string }>): string {
  const labels = new Map(workflow.events.map((e) => [e.type, e.label.replace(/[:;#"]/g, ' ')]));
  const lines = workflow.mermaid.split('\n').map((line) => {
    const match = /^(\s*\S+ --> \S+ : )(\S+)$/.exec(line);
    if (!match) return line;
    return `${match[1]}${labels.get(match[2]) ?? match[2]}`;
  });
  const header = lines.findIndex((line) => line.startsWith('stateDiagram'));
  const description = `État actuel : ${current.map((c) => c.label).join(', ')}`.replace(/[:;#]/g, ' ').replace(/\s+/g, ' ');
  lines.splice(header + 1, 0, '  accTitle: Cycle de vie d’une adhésion', `  accDescr: ${description}`);
  lines.push('  classDef current fill:#fff3bf,stroke:#c92a2a,stroke-width:4px,color:#1a1b1e,font-weight:bold');
  for (const state of current) lines.push(`  class ${mermaidId(state.id)} current`);
  return lines.join('\n');
}
