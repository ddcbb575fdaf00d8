// The lifecycle as data (GET /api/workflow) and the vocabulary the adhesions share with it: states, form fields.
import { z } from 'zod';
import { response } from './registry.js';

/** The top states of an adhesion, in the order of its lifecycle. libs/workflow owns them; a spec keeps both equal. */
export const ADHESION_STATES = [
  'draft',
  'submitted',
  'study',
  'proposal',
  'deliberations',
  'signature',
  'active',
  'withdrawn',
  'rejected',
  'declined',
  'expired',
  'lapsed',
  'ended',
  'terminated',
] as const;
export type AdhesionState = (typeof ADHESION_STATES)[number];

export const FIELD_TYPES = ['text', 'longtext', 'date', 'integer', 'cents', 'decimal', 'boolean', 'enum', 'terms', 'options'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A payload field of an event, as a form asks for it. */
export const eventFieldSchema = response(
  'EventField',
  z.object({
    name: z.string(),
    type: z.enum(FIELD_TYPES),
    required: z.boolean(),
    label: z.string(),
    options: z.array(z.object({ value: z.string(), label: z.string() })).readonly().optional(),
  }),
);
export type EventField = z.infer<typeof eventFieldSchema>;

export const STATE_NODE_TYPES = ['atomic', 'compound', 'parallel', 'final', 'history'] as const;

export const workflowDescriptionSchema = response(
  'WorkflowDescription',
  z.object({
    machineVersion: z.number().int(),
    initial: z.string(),
    states: z.array(z.object({ id: z.string(), label: z.string(), type: z.enum(STATE_NODE_TYPES), parent: z.string().nullable() })),
    transitions: z.array(z.object({ from: z.string(), to: z.string(), event: z.string() })),
    events: z.array(
      z.object({
        type: z.string(),
        label: z.string(),
        roles: z.array(z.string()).readonly(),
        time: z.boolean().describe('Sent only by the scheduler when a stored deadline falls due.'),
        fields: z.array(eventFieldSchema).readonly(),
      }),
    ),
    mermaid: z.string().describe('A Mermaid stateDiagram-v2 of the machine.'),
    roles: z.record(z.string(), z.string()).describe('The French label of each role.'),
  }),
  'The adhesion lifecycle: states with French labels, events with their roles and fields, a Mermaid diagram.',
);
export type WorkflowDescription = z.infer<typeof workflowDescriptionSchema>;
export type WorkflowState = WorkflowDescription['states'][number];
