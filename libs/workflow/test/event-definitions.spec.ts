// The event definitions are the one source of truth about events: each is complete and coherent, the
// machine knows exactly the defined events, and a payload its schema refuses never reaches a transition
// (checked in every state the machine's exploration finds, in adhesion.model.spec.ts, which explores it).
import { parisDateOf, type CivilDate } from '#domain';
import { adhesionMachine } from '../src/adhesion.machine.js';
import { describeWorkflow } from '../src/describe.js';
import {
  EVENT_DEFINITIONS,
  eventDefinition,
  PARTIES,
  PARTY_OF_ROLE,
  ROLES,
  type EventType,
} from '../src/event-definitions.js';
import {
  EVENT_PAYLOADS,
  EVENT_TYPES,
  isEventType,
  PARTY_EVENT_TYPES,
  parseEvent,
  TIME_EVENT_TYPES,
} from '../src/events.js';
import { EVENT_FIELDS, EVENT_LABELS_FR } from '../src/labels.fr.js';
import { maySend, PERMISSIONS, rolesFor } from '../src/permissions.js';
import { BASE, instant } from './explore.js';

const DAYS: CivilDate[] = [BASE, '2024-02-29', '2026-12-31', '2027-03-28'];
const TYPES = Object.keys(EVENT_DEFINITIONS) as EventType[];

/** A value no field accepts: not a string, number, boolean, enum value or object. */
const WRONG: unknown = [];
/** A list field (an avenant's options) takes an empty list: a string is its wrong value. */
const wrong = (name: string): unknown => (name === 'options' ? 'DP' : WRONG);

describe('each event definition', () => {
  it.each(TYPES)('%s: its example parses with its schema, for either party, on any day', (type) => {
    const definition = eventDefinition(type);
    for (const today of DAYS) {
      for (const party of PARTIES) {
        for (const noticePeriodMonths of [1, 6, 12]) {
          const example = definition.example({ today, party, noticePeriodMonths });
          expect([type, definition.schema.safeParse(example).success]).toEqual([type, true]);
          expect(parseEvent(type, example, instant(today))).toEqual({ ok: true, event: { ...example, type, at: instant(today) } });
          if (definition.party) expect(example).toMatchObject({ party });
        }
      }
    }
  });

  it.each(TYPES)('%s: has a label, roles, and a form field for each field of its schema but the party', (type) => {
    const definition = eventDefinition(type);
    expect(definition.label.trim()).not.toBe('');
    expect(definition.roles.length).toBeGreaterThan(0);
    expect(new Set(definition.roles).size).toBe(definition.roles.length);
    const schemaFields = Object.keys(definition.schema.shape);
    expect(schemaFields.includes('party')).toBe(definition.party);
    expect(definition.fields.map((f) => f.name)).toEqual(schemaFields.filter((name) => name !== 'party'));
    for (const field of definition.fields) {
      expect(field.label.trim()).not.toBe('');
      if (field.type === 'enum') {
        const values = field.options!.map((o) => o.value);
        for (const value of values) expect(definition.schema.shape[field.name].safeParse(value).success).toBe(true);
        expect(definition.schema.shape[field.name].safeParse('autre').success).toBe(false);
      }
    }
  });

  it('are the only source of the old tables: types, payloads, permissions, labels, fields, time and party events', () => {
    expect(EVENT_TYPES).toEqual(TYPES);
    for (const type of TYPES) {
      const definition = eventDefinition(type);
      expect(isEventType(type)).toBe(true);
      expect(EVENT_PAYLOADS[type]).toBe(definition.schema);
      expect(PERMISSIONS[type]).toEqual(definition.roles);
      expect(rolesFor(type)).toEqual(definition.roles);
      expect(EVENT_LABELS_FR[type]).toBe(definition.label);
      expect(EVENT_FIELDS[type]).toBe(definition.fields);
      expect(TIME_EVENT_TYPES.includes(type as never)).toBe(definition.time);
      expect(PARTY_EVENT_TYPES.includes(type as never)).toBe(definition.party);
    }
    expect(isEventType('toString')).toBe(false);
    expect(isEventType('submit')).toBe(false);
    const described = describeWorkflow().events;
    expect(described.map((e) => e.type)).toEqual(TYPES);
    for (const event of described) {
      const { label, roles, time, fields } = eventDefinition(event.type);
      expect(event).toEqual({ type: event.type, label, roles, time, fields });
    }
  });

  it('time events are sent by the scheduler alone, with no payload', () => {
    for (const type of TYPES) {
      const definition = eventDefinition(type);
      expect([type, definition.roles.includes('system')]).toEqual([type, definition.time]);
      if (definition.time) {
        expect(definition.roles).toEqual(['system']);
        expect(definition.fields).toEqual([]);
        expect(definition.party).toBe(false);
      }
    }
  });
});

describe('the roles of the definitions and maySend', () => {
  it('agree for every event and role, and a party event only for the role’s own party', () => {
    for (const type of TYPES) {
      const { roles, party } = eventDefinition(type);
      for (const role of ROLES) {
        const listed = roles.includes(role);
        if (!party) {
          expect([type, role, maySend(role, { type })]).toEqual([type, role, listed]);
          continue;
        }
        // Every role that may send a two-party event acts for a party.
        if (listed) expect([type, role, PARTY_OF_ROLE[role]]).toEqual([type, role, expect.any(String)]);
        for (const p of PARTIES) {
          expect([type, role, p, maySend(role, { type, party: p })]).toEqual([type, role, p, listed && PARTY_OF_ROLE[role] === p]);
        }
      }
    }
  });
});

describe('the machine and the definitions', () => {
  it('know exactly the same events: each event of the machine has one definition, and each definition is used', () => {
    const machineEvents = new Set(adhesionMachine.root.events.filter((type) => !type.startsWith('xstate.')));
    expect([...machineEvents].sort()).toEqual([...TYPES].sort());
    expect(new Set(TYPES).size).toBe(TYPES.length);
  });
  // Whether each event is accepted somewhere and refused with a payload its schema refuses is checked over the
  // explored states, in adhesion.model.spec.ts: one exploration of the machine serves both.
});

describe('a payload its schema refuses', () => {
  const at = instant(BASE);
  const today = parisDateOf(at);

  it.each(TYPES.filter((type) => eventDefinition(type).fields.length > 0 || eventDefinition(type).party))(
    '%s: is refused by parseEvent with issues that name the wrong or missing field',
    (type) => {
      const definition = eventDefinition(type);
      const example = definition.example({ today, party: 'commune', noticePeriodMonths: 6 }) as Record<string, unknown>;
      for (const name of Object.keys(definition.schema.shape)) {
        const parsed = parseEvent(type, { ...example, [name]: wrong(name) }, at);
        expect(parsed.ok).toBe(false);
        if (parsed.ok) continue;
        // zod may add the field's other checks after the type error: all of them name this field.
        expect(parsed.issues[0]).toEqual({ field: name, code: expect.stringMatching(/^invalid_(type|value)$/) });
        expect(parsed.issues.map((issue) => issue.field)).toEqual(parsed.issues.map(() => name));
      }
      for (const field of definition.fields.filter((f) => f.required)) {
        const { [field.name]: _missing, ...rest } = example;
        const parsed = parseEvent(type, rest, at);
        // A missing choice is reported by zod as a value outside the choices.
        const code = field.type === 'enum' ? 'invalid_value' : 'required';
        expect(parsed).toEqual({ ok: false, issues: [{ field: field.name, code }] });
      }
    },
  );

  it('names nested and refined fields with their own codes', () => {
    expect(parseEvent('CONFIRM_RENEWAL', { plannedUnits: 1.23456 }, at)).toEqual({
      ok: false,
      issues: [{ field: 'plannedUnits', code: 'too_many_decimals' }],
    });
    const amendment = parseEvent('PROPOSE_AMENDMENT', { party: 'epci', effectiveDate: '2030-01-01', terms: { unitCostCents: 100, forecastUnits: 1, description: ' ' } }, at);
    expect(amendment).toEqual({ ok: false, issues: [expect.objectContaining({ field: 'terms.description' })] });
    expect(parseEvent('GIVE_NOTICE', { party: 'epci', reason: 'trop court', effectiveDate: '2027-02-30' }, at)).toEqual({
      ok: false,
      issues: expect.arrayContaining([{ field: 'effectiveDate', code: 'invalid_date' }]),
    });
    expect(parseEvent('SIGN', { party: 'mairie' }, at)).toEqual({
      ok: false,
      issues: expect.arrayContaining([{ field: 'party', code: 'invalid_value' }, { field: 'signatoryName', code: 'required' }]),
    });
  });

  it('drops unknown fields and never takes `type` or `at` from the payload', () => {
    const parsed = parseEvent('SUBMIT', { type: 'WITHDRAW', at: '1999-01-01T00:00:00Z', extra: 1 }, at);
    expect(parsed).toEqual({ ok: true, event: { type: 'SUBMIT', at } });
  });
});
