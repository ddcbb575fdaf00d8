// The machine as data, for GET /api/workflow and the UI: states with French labels, events with the
// roles that may send them and the fields they need, and a Mermaid stateDiagram-v2 drawn from the machine.
import { type AnyStateNode } from 'xstate';
import { adhesionMachine } from './adhesion.machine.js';
import { EVENT_DEFINITIONS, EVENT_TYPES, type EventField, type EventType, type Role } from './event-definitions.js';
import { STATE_LABELS_FR } from './labels.fr.js';
import { MACHINE_VERSION } from './snapshot.js';

export interface StateDescription {
  id: string;
  label: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  parent: string | null;
}
export interface TransitionDescription {
  from: string;
  to: string;
  event: EventType | 'done';
}
export interface EventDescription {
  type: EventType;
  label: string;
  roles: readonly Role[];
  time: boolean;
  fields: readonly EventField[];
}
export interface WorkflowDescription {
  machineVersion: number;
  initial: string;
  states: StateDescription[];
  transitions: TransitionDescription[];
  events: EventDescription[];
  mermaid: string;
}

const pathOf = (node: AnyStateNode): string => node.path.join('.');

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states as Record<string, AnyStateNode>).flatMap((child) => [child, ...allNodes(child)]);
}

export function listTransitions(): TransitionDescription[] {
  const seen = new Set<string>();
  const result: TransitionDescription[] = [];
  for (const node of allNodes(adhesionMachine.root)) {
    for (const [eventType, definitions] of node.transitions) {
      const event = (eventType.startsWith('xstate.done.') ? 'done' : eventType) as EventType | 'done';
      for (const definition of definitions) {
        for (const target of definition.target ?? []) {
          const key = `${pathOf(node)}>${pathOf(target)}>${event}`;
          if (seen.has(key)) continue;
          seen.add(key);
          result.push({ from: pathOf(node), to: pathOf(target), event });
        }
      }
    }
  }
  return result;
}

export function describeWorkflow(): WorkflowDescription {
  const states = allNodes(adhesionMachine.root).map((node) => ({
    id: pathOf(node),
    label: STATE_LABELS_FR[pathOf(node)] ?? pathOf(node),
    type: node.type,
    parent: node.path.length > 1 ? node.path.slice(0, -1).join('.') : null,
  }));
  const transitions = listTransitions();
  const events = EVENT_TYPES.map((type) => {
    const { label, roles, time, fields } = EVENT_DEFINITIONS[type];
    return { type, label, roles, time, fields };
  });
  return { machineVersion: MACHINE_VERSION, initial: 'draft', states, transitions, events, mermaid: toMermaid() };
}

const mermaidId = (path: string): string => path.replace(/\./g, '_');

/** Mermaid stateDiagram-v2: composite states nest, parallel regions are separated by `--`. */
export function toMermaid(): string {
  const lines = ['stateDiagram-v2', '  direction LR'];
  const declare = (node: AnyStateNode, indent: string): void => {
    const id = mermaidId(pathOf(node));
    const label = STATE_LABELS_FR[pathOf(node)] ?? pathOf(node);
    const children = Object.values(node.states as Record<string, AnyStateNode>);
    if (children.length === 0) {
      lines.push(`${indent}state "${label}" as ${id}`);
      return;
    }
    lines.push(`${indent}state "${label}" as ${id} {`);
    if (node.type === 'parallel') {
      children.forEach((child, index) => {
        if (index > 0) lines.push(`${indent}  --`);
        declare(child, `${indent}  `);
      });
    } else {
      const initial = node.initial?.target?.[0];
      if (initial) lines.push(`${indent}  [*] --> ${mermaidId(pathOf(initial))}`);
      children.forEach((child) => declare(child, `${indent}  `));
    }
    lines.push(`${indent}}`);
  };
  lines.push('  [*] --> draft');
  for (const node of Object.values(adhesionMachine.root.states as Record<string, AnyStateNode>)) declare(node, '  ');
  for (const { from, to, event } of listTransitions()) {
    lines.push(`  ${mermaidId(from)} --> ${mermaidId(to)} : ${event === 'done' ? 'terminé' : event}`);
  }
  for (const node of Object.values(adhesionMachine.root.states as Record<string, AnyStateNode>)) {
    if (node.type === 'final') lines.push(`  ${mermaidId(pathOf(node))} --> [*]`);
  }
  return lines.join('\n');
}
