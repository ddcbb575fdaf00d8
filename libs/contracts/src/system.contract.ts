// The process itself: its health, and the manual clock of tests and demos.
import { z } from 'zod';
import { instantSchema } from './common.contract.js';
import { request, response } from './registry.js';

const check = z.object({ status: z.enum(['up', 'down']), reason: z.string().optional() });

export const healthSchema = response(
  'Health',
  z.object({
    status: z.enum(['ok', 'degraded', 'down']).describe('`degraded` (still 200) when Redis is away; `down` (503) without the database.'),
    role: z.string(),
    machineVersion: z.number().int(),
    clock: z.object({ mode: z.string(), now: instantSchema }),
    checks: z.object({ database: check.extend({ type: z.string() }), redis: check }),
  }),
);
export type Health = z.infer<typeof healthSchema>;

export const setClockCommand = request('SetClockCommand', z.object({ now: z.iso.datetime({ offset: true }) }).strict());
export type SetClockCommand = z.infer<typeof setClockCommand>;

export const clockSetSchema = response(
  'ClockSet',
  z.object({ now: instantSchema, sweep: z.record(z.string(), z.number()).describe('What the sweep run at once delivered, by kind.') }),
);
export type ClockSet = z.infer<typeof clockSetSchema>;

export const notificationRetriedSchema = response(
  'NotificationRetried',
  z.object({
    id: z.string(),
    status: z.literal('pending').describe('The failed notification is pending again: the next sweep sends it.'),
    dueAt: instantSchema,
  }),
);
export type NotificationRetried = z.infer<typeof notificationRetriedSchema>;
