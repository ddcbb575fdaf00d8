// The contracts lib (zod only, so that the browser can import it) repeats three lists that other libs own:
// the lifecycle's top states, the kinds of documents and the types of form fields. They must stay equal.
import { ADHESION_STATES, DOCUMENT_KINDS as CONTRACT_DOCUMENT_KINDS, FIELD_TYPES } from '#contracts';
import { DOCUMENT_KINDS } from '#documents';
import { describeWorkflow, TOP_STATES } from '#workflow';

describe('the vocabulary of the contracts', () => {
  it('lists the machine’s top states, in its order', () => {
    expect([...ADHESION_STATES]).toEqual([...TOP_STATES]);
  });

  it('lists the documents libs/documents renders', () => {
    expect([...CONTRACT_DOCUMENT_KINDS]).toEqual([...DOCUMENT_KINDS]);
  });

  it('knows every type of form field the events ask for', () => {
    const used = new Set(describeWorkflow().events.flatMap((event) => event.fields.map((field) => field.type)));
    expect([...used].filter((type) => !(FIELD_TYPES as readonly string[]).includes(type))).toEqual([]);
  });
});
