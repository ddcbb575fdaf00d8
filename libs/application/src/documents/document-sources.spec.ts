// Which documents of the money exist when, and for which year: the rule the PDFs obey and the adhesion lists.
import { activeState } from '#workflow';
import { type Adhesion } from '../ports/records.js';
import { availableDocuments, conventionYears, defaultStatementYear, isDocumentAvailable } from './document-sources.js';

const state = activeState('2026-03-01');

function adhesionIn(topState: string, value: unknown = state.value, context = state.context): Adhesion {
  return {
    id: 'a1',
    communeInsee: '49015',
    epciSiren: '244900015',
    serviceCode: 'ADS',
    liveKey: null,
    options: [],
    forecastUnits: '10',
    state: topState,
    stateDetail: topState,
    snapshot: { value, context },
    machineVersion: 1,
    version: 1,
    nextDeadlineAt: null,
    nextDeadlineKind: null,
    nextDeadlineCycle: null,
    startDate: context.startDate,
    anniversaryOn: null,
    contractYear: context.year,
    createdBy: 'u',
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: '2026-01-05T09:00:00.000Z',
  };
}

describe('the documents of a convention’s years', () => {
  it('exist once the convention was signed, in force or ended, never before', () => {
    for (const top of ['active', 'terminated', 'lapsed', 'ended']) {
      expect(isDocumentAvailable('annual-statement', top, state.context)).toBe(true);
      expect(isDocumentAvailable('unit-cost-letter', top, state.context)).toBe(true);
    }
    const unsigned = { ...state.context, startDate: null, terms: null };
    expect(isDocumentAvailable('annual-statement', 'signature', unsigned)).toBe(false);
    expect(isDocumentAvailable('unit-cost-letter', 'withdrawn', unsigned)).toBe(false);
  });

  it('cover every calendar year the convention touches to its planned end: four for a term starting on 1 March', () => {
    expect(conventionYears(adhesionIn('active'))).toEqual([2026, 2027, 2028, 2029]);
    const noticed = { ...state.context, notice: { party: 'epci' as const, reason: 'Réorganisation du service', givenOn: '2026-07-10', effectiveDate: '2027-01-15' } };
    expect(conventionYears(adhesionIn('terminated', 'terminated', noticed))).toEqual([2026, 2027]);
  });

  it('default to the last closed year the convention touches, else the current one, else its first', () => {
    expect(defaultStatementYear([2026, 2027, 2028, 2029], '2026-06-01')).toBe(2026);
    expect(defaultStatementYear([2026, 2027, 2028, 2029], '2028-02-01')).toBe(2027);
    expect(defaultStatementYear([2026, 2027], '2031-02-01')).toBe(2027);
    expect(defaultStatementYear([2027, 2028], '2026-12-01')).toBe(2027);
    expect(defaultStatementYear([], '2026-12-01')).toBeUndefined();
  });

  it('list the statement under its legal name and the letter of the latest notified year, with its year', () => {
    const listed = availableDocuments('a1', 'active', state.context, { legalBasis: 'mise_a_disposition', notifiedYears: [2026, 2027] });
    expect(listed.filter((d) => d.url.includes('.pdf')).map(({ kind, label, url }) => [kind, label, url])).toEqual([
      ['convention', 'Convention', '/api/adhesions/a1/documents/convention.pdf'],
      ['proposal', 'Proposition', '/api/adhesions/a1/documents/proposal.pdf'],
      ['annual-statement', 'État annuel', '/api/adhesions/a1/documents/annual-statement.pdf'],
      ['unit-cost-letter', 'Lettre de notification du coût 2027', '/api/adhesions/a1/documents/unit-cost-letter.pdf?year=2027'],
    ]);
    const commun = availableDocuments('a1', 'terminated', state.context, { legalBasis: 'service_commun' });
    expect(commun.map((d) => d.label)).toEqual([
      'Convention',
      'Proposition',
      'Bilan annuel',
      'Modèle de délibération du conseil municipal',
      'Modèle de délibération du conseil communautaire',
    ]);
  });
});

describe('the model deliberations of the councils', () => {
  it('exist from the proposal’s acceptance on, never before, nor once a council refused', () => {
    for (const top of ['deliberations', 'signature', 'active', 'terminated', 'lapsed', 'ended']) {
      expect(isDocumentAvailable('commune-deliberation', top, state.context)).toBe(true);
      expect(isDocumentAvailable('epci-deliberation', top, state.context)).toBe(true);
    }
    for (const top of ['draft', 'study', 'proposal', 'rejected', 'declined', 'withdrawn', 'expired']) {
      expect(isDocumentAvailable('commune-deliberation', top, state.context)).toBe(false);
    }
    expect(isDocumentAvailable('epci-deliberation', 'deliberations', { ...state.context, proposal: null })).toBe(false);
  });

  it('are Word files, the EPCI’s named after its council', () => {
    const listed = availableDocuments('a1', 'deliberations', state.context, { epciNature: 'METRO' }).filter((d) => d.url.endsWith('.docx'));
    expect(listed.map(({ kind, label, url }) => [kind, label, url])).toEqual([
      ['commune-deliberation', 'Modèle de délibération du conseil municipal', '/api/adhesions/a1/documents/commune-deliberation.docx'],
      ['epci-deliberation', 'Modèle de délibération du conseil métropolitain', '/api/adhesions/a1/documents/epci-deliberation.docx'],
    ]);
  });
});

describe('the notice letter', () => {
  const notice = { party: 'epci' as const, reason: 'Réorganisation', givenOn: '2026-04-01', effectiveDate: '2027-01-15' };

  it('exists once a party gave notice, in force under notice or ended, and never without a notice', () => {
    const underNotice = { ...state.context, notice };
    for (const top of ['active', 'terminated']) expect(isDocumentAvailable('notice-letter', top, underNotice)).toBe(true);
    expect(isDocumentAvailable('notice-letter', 'active', state.context)).toBe(false);
    expect(isDocumentAvailable('notice-letter', 'ended', state.context)).toBe(false);
  });

  it('is listed with its French name and its PDF', () => {
    const listed = availableDocuments('a1', 'active', { ...state.context, notice }).find((d) => d.kind === 'notice-letter');
    expect(listed).toEqual({ kind: 'notice-letter', label: 'Lettre de notification du préavis de résiliation', url: '/api/adhesions/a1/documents/notice-letter.pdf' });
    expect(availableDocuments('a1', 'active', state.context).map((d) => d.kind)).not.toContain('notice-letter');
  });
});
