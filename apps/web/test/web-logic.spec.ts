// The web's own rules, without a browser: money typed in euros, the estimate, where server errors go,
// the payload of an event form, the statechart text, the inbox order, the month grid and the password form.
import { ApiError, type AdhesionSummary, type InboxItem, type WorkflowDescription } from '../src/api';
import { placeErrors } from '../src/components/errors';
import { deName, estimateCents, eurosToCents, formatCents } from '../src/format';
import { PASSWORD_MIN_LENGTH as CONTRACT_MIN_LENGTH } from '#contracts';
import { communeCounts } from '../src/lib/commune-counts';
import { sortInbox } from '../src/lib/inbox';
import { monthGrid } from '../src/lib/month-grid';
import { checkPasswordForm, PASSWORD_MIN_LENGTH } from '../src/lib/password';
import { buildPayload, initialValues } from '../src/lib/payload';
import { highlightedDiagram } from '../src/lib/statechart-text';

describe('money in the browser', () => {
  it('estimates unit cost × units rounded once to the cent, half up, as the server does', () => {
    expect(estimateCents(18_000, 40.5)).toBe(729_000);
    expect(estimateCents(333, 1.5)).toBe(500);
    expect(estimateCents(1, 0.5)).toBe(1);
    expect(estimateCents(1, 0.005)).toBe(0);
    // 299 999 999 997 + 9 999 999,9999: exact, where floats would drift
    expect(estimateCents(99_999_999_999, 3.0001)).toBe(300_009_999_997);
  });

  it('reads euros typed the French way into integer cents, and refuses anything else', () => {
    expect(eurosToCents('180,50')).toBe(18_050);
    expect(eurosToCents(180.55)).toBe(18_055);
    expect(eurosToCents('1 234,5')).toBe(123_450);
    expect(eurosToCents('12,345')).toBeNull();
    expect(eurosToCents('douze')).toBeNull();
    expect(eurosToCents('')).toBeNull();
  });

  it('shows cents as euros in French', () => {
    expect(formatCents(729_000).replace(/\s/g, ' ')).toBe('7 290,00 €');
  });

  it('elides « de » before a vowel', () => {
    expect(deName('Avrillé')).toBe('d’Avrillé');
    expect(deName('Trélazé')).toBe('de Trélazé');
  });
});

describe('server errors in a form', () => {
  const issues = (fields: string[]) =>
    new ApiError(
      400,
      'invalid_input',
      'Certaines informations sont manquantes ou invalides.',
      fields.map((field) => ({ field, code: 'required', message: 'Champ obligatoire.' })),
    );

  it('puts each issue next to its field, nested ones included', () => {
    const placed = placeErrors(issues(['validUntil', 'terms.unitCostCents', 'options.2']), ['validUntil', 'terms', 'terms.unitCostCents', 'options']);
    expect(placed.fields).toEqual({ validUntil: 'Champ obligatoire.', 'terms.unitCostCents': 'Champ obligatoire.', options: 'Champ obligatoire.' });
    expect(placed.general).toBeNull();
  });

  it('says above the form what concerns no field, and a conflict’s message', () => {
    expect(placeErrors(issues(['(body)']), ['answer']).general).toContain('Champ obligatoire.');
    const stale = placeErrors(new ApiError(409, 'stale_version', 'L’adhésion a été modifiée entre-temps.'), ['answer']);
    expect(stale).toEqual({ fields: {}, general: 'L’adhésion a été modifiée entre-temps.', code: 'stale_version' });
  });

  it('puts a broken date rule’s sentence (a 422) next to its date field, and one on the event’s day above the form', () => {
    const sentence = 'La date de la délibération ne peut pas précéder l’acceptation de la proposition (12/03/2027).';
    const broken = new ApiError(422, 'rule_violated', 'Une règle n’est pas respectée : voir le détail à côté du champ.', [
      { field: 'date', code: 'deliberation_before_acceptance', message: sentence },
    ]);
    expect(placeErrors(broken, ['outcome', 'number', 'date'])).toEqual({ fields: { date: sentence }, general: null, code: 'rule_violated' });
    const onTheDay = new ApiError(422, 'rule_violated', 'Une règle n’est pas respectée.', [
      { field: 'at', code: 'acknowledgement_before_submission', message: 'L’accusé de réception ne peut pas précéder le dépôt de la demande (05/01/2026).' },
    ]);
    expect(placeErrors(onTheDay, []).general).toContain('L’accusé de réception ne peut pas précéder le dépôt de la demande (05/01/2026).');
  });
});

describe('the payload of an event form', () => {
  it('sends cents for euros, numbers for decimals, booleans, and leaves empty fields out', () => {
    const fields = [
      { name: 'unitCostCents', type: 'cents', required: true, label: 'Coût' },
      { name: 'forecastUnits', type: 'decimal', required: true, label: 'Unités' },
      { name: 'staffImpact', type: 'boolean', required: true, label: 'Impact' },
      { name: 'notes', type: 'longtext', required: false, label: 'Notes' },
      { name: 'validUntil', type: 'date', required: true, label: 'Jusqu’au' },
    ] as const;
    const payload = buildPayload(fields, { unitCostCents: '180,5', forecastUnits: '42,5', staffImpact: false, notes: '  ', validUntil: '' });
    expect(payload).toEqual({ unitCostCents: 18_050, forecastUnits: 42.5, staffImpact: false });
  });

  it('nests the terms of an amendment, and dates a session today on the server’s clock', () => {
    const terms = [{ name: 'terms', type: 'terms', required: true, label: 'Conditions' }] as const;
    const values = { ...initialValues(terms, '2026-01-05', {}), 'terms.unitCostCents': 200, 'terms.forecastUnits': 10, 'terms.description': 'Avenant n° 1' };
    expect(buildPayload(terms, values)).toEqual({ terms: { unitCostCents: 20_000, forecastUnits: 10, description: 'Avenant n° 1' } });
    expect(initialValues([{ name: 'date', type: 'date', required: true, label: 'Date' }], '2026-01-05', {})).toEqual({ date: '2026-01-05' });
  });
});

describe('the statechart text', () => {
  const workflow = {
    mermaid: 'stateDiagram-v2\n  direction LR\n  state "Brouillon" as draft\n  draft --> submitted : SUBMIT\n  study_inProgress --> study_awaitingCommune : REQUEST_INFO',
    events: [
      { type: 'SUBMIT', label: 'Déposer la demande' },
      { type: 'REQUEST_INFO', label: 'Poser une question à la commune' },
    ],
  } as unknown as WorkflowDescription;

  it('labels the transitions in French and highlights the current leaves by their Mermaid ids', () => {
    const text = highlightedDiagram(workflow, [{ id: 'study.awaitingCommune', label: 'En attente de la commune' }]);
    expect(text).toContain('draft --> submitted : Déposer la demande');
    expect(text).toContain('study_inProgress --> study_awaitingCommune : Poser une question à la commune');
    expect(text).toContain('accDescr: État actuel En attente de la commune');
    expect(text.split('\n')).toEqual(expect.arrayContaining(['  classDef current fill:#fff3bf,stroke:#c92a2a,stroke-width:4px,color:#1a1b1e,font-weight:bold', '  class study_awaitingCommune current']));
  });
});

describe('the inbox', () => {
  it('puts the overdue first, then the nearest deadline, then the longest waiting', () => {
    const item = (id: string, overdue: boolean, at: string | null, since: string) =>
      ({ id, overdue, waitingSince: since, nextDeadline: at ? { at } : null }) as unknown as InboxItem;
    const sorted = sortInbox([
      item('none', false, null, '2026-01-01'),
      item('later', false, '2026-03-01', '2026-01-01'),
      item('late', true, '2026-02-01', '2026-01-01'),
      item('soon-old', false, '2026-02-01', '2025-12-01'),
      item('soon', false, '2026-02-01', '2026-01-02'),
    ]);
    expect(sorted.map((i) => i.id)).toEqual(['late', 'soon-old', 'soon', 'later', 'none']);
  });
});

describe('the communes page', () => {
  it('counts a signed convention as active from its start date only, « Signées, à venir » before it', () => {
    const row = (state: string, startsLater: boolean, final = false) => ({ state, startsLater, final }) as AdhesionSummary;
    expect(communeCounts([row('active', false), row('active', true), row('study', false), row('lapsed', false, true)])).toEqual({ active: 1, upcoming: 1, pending: 1 });
  });
});

describe('the month grid', () => {
  it('shows whole weeks from Monday', () => {
    const days = monthGrid('2026-02');
    expect(days[0]).toBe('2026-01-26');
    expect(days).toHaveLength(35);
    expect(days.at(-1)).toBe('2026-03-01');
    expect(monthGrid('2026-06')[0]).toBe('2026-06-01');
  });
});

describe('the password form', () => {
  const form = (currentPassword: string, newPassword: string, confirmation = newPassword) => ({ currentPassword, newPassword, confirmation });

  it('asks for the current password, a long enough new one, typed twice the same', () => {
    expect(checkPasswordForm(form('', ''))).toEqual({ currentPassword: 'Indiquez votre mot de passe actuel.', newPassword: 'Indiquez un nouveau mot de passe.' });
    expect(checkPasswordForm(form('actuel', 'onze-signes'))).toEqual({ newPassword: 'Au moins 12 caractères.' });
    expect(checkPasswordForm(form('actuel', 'douze-signes', 'douze-signez'))).toEqual({ confirmation: 'Les deux mots de passe saisis ne sont pas identiques.' });
    // The rest (a wrong current password, a common new one) is the server's to say.
    expect(checkPasswordForm(form('actuel', 'motdepasse123'))).toEqual({});
  });

  it('uses the contract’s least length', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(CONTRACT_MIN_LENGTH);
  });
});
