// The documents as a reader sees them: their text, extracted from the PDF, and their bytes, stable for the same data.
import { createHash } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { formatEuros } from '#domain';
import {
  administrativeCourtOf,
  documentFileName,
  renderDocument,
  type AnnualStatementData,
  type ConventionData,
  type ProposalData,
} from '#documents';

/** Extracted text, with every run of spaces (line breaks, no-break spaces) as one space. */
async function textOf(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: pdf });
  try {
    const { text } = await parser.getText();
    return text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

const base = {
  generatedAt: '2026-01-05T09:00:00.000Z',
  commune: { name: 'Avrillé', insee: '49015', siren: '214900152' },
  epci: { name: 'Angers Loire Métropole', siren: '244900015', nature: 'CU' },
  service: {
    code: 'ADS',
    name: 'Instruction des autorisations du droit des sols (ADS)',
    description: 'Le service commun instruit pour le maire les demandes d’autorisation d’urbanisme.',
    unitLabel: 'équivalent permis de construire',
    unitLabelPlural: 'équivalents permis de construire',
    options: ['Permis de construire', 'Déclaration préalable'],
    costModel: 'unit' as const,
    keyBasis: null,
  },
};

const draft: ConventionData = {
  ...base,
  kind: 'convention',
  signed: false,
  startDate: '2026-03-01',
  unitCostCents: 18_000,
  forecastUnits: 42.5,
  noticePeriodMonths: 6,
  staffImpact: false,
  cstOpinion: null,
  deliberations: { commune: null, epci: null },
  signatures: { commune: null, epci: null },
};

const signed: ConventionData = {
  ...draft,
  signed: true,
  deliberations: { commune: { number: 'DEL-2026-012', date: '2026-01-05' }, epci: { number: 'DEL-2026-117', date: '2026-01-06' } },
  signatures: {
    commune: { signatoryName: 'Marie Dupont', signatoryQuality: 'Maire', date: '2026-01-07' },
    epci: { signatoryName: 'Jean Martin', signatoryQuality: 'Président', date: '2026-01-08' },
  },
};

describe('the documents of an adhesion', () => {
  it('marks a convention not yet signed as a draft, on every page', async () => {
    const text = await textOf(await renderDocument(draft));
    expect(text).toContain('PROJET DE CONVENTION DE MUTUALISATION');
    expect(text).toContain('PROJET — document de travail non signé');
    expect(text).toContain('n° … du … (à intervenir)');
    expect(documentFileName(draft)).toBe('projet-de-convention-avrillé-ads.pdf');
  });

  it('writes the signed convention with its parties, terms, clauses and signatures', async () => {
    const text = await textOf(await renderDocument(signed));
    expect(text).not.toContain('PROJET');
    for (const expected of [
      'CONVENTION DE MUTUALISATION',
      'la commune d’Avrillé',
      'SIREN 214900152',
      'Angers Loire Métropole, communauté urbaine (SIREN 244900015)',
      'L. 5211-4-1',
      'L. 5211-4-2',
      'D. 5211-16',
      'trois ans à compter du 1er mars 2026',
      'renouvelée expressément chaque année',
      'jamais reconduite tacitement',
      '42,5 équivalents permis de construire',
      formatEuros(765_000).replace(/\s/g, ' '),
      'préavis de 6 mois',
      'tribunal administratif de Nantes',
      'DEL-2026-012',
      'DEL-2026-117',
      'Marie Dupont, Maire',
      'Signé le 8 janvier 2026',
    ]) {
      expect(text).toContain(expected);
    }
    expect(documentFileName(signed)).toBe('convention-avrillé-ads.pdf');
  });

  it('gives the same bytes for the same data, and other bytes at another instant', async () => {
    const [a, b, later] = await Promise.all([
      renderDocument(signed),
      renderDocument(signed),
      renderDocument({ ...signed, generatedAt: '2026-01-06T09:00:00.000Z' }),
    ]);
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    expect(sha(a)).toBe(sha(b));
    expect(sha(later)).not.toBe(sha(a));
  });

  it('writes the proposal with its terms and validity', async () => {
    const proposal: ProposalData = {
      ...base,
      kind: 'proposal',
      stateLabel: 'Proposition en attente de la décision de la commune',
      unitCostCents: 18_000,
      forecastUnits: 10,
      startDate: '2026-03-01',
      validUntil: '2026-02-15',
      study: { forecastUnits: 10, staffImpact: true, notes: null },
      noticePeriodMonths: 6,
    };
    const text = await textOf(await renderDocument(proposal));
    expect(text).toContain('PROPOSITION FINANCIÈRE');
    expect(text).toContain(formatEuros(180_000).replace(/\s/g, ' '));
    expect(text).toContain('15 février 2026');
    expect(text).toContain('comité social territorial');
  });

  it('writes the annual statement on the forecast units and leaves the actual units to be filled in', async () => {
    const statement: AnnualStatementData = {
      ...base,
      kind: 'annual-statement',
      year: 2026,
      contractYear: 1,
      startDate: '2026-03-01',
      forecastUnits: 10,
      termsUnitCostCents: 18_000,
      yearCost: { unitCostCents: 19_000, totalCostCents: null, notifiedAt: null },
    };
    const text = await textOf(await renderDocument(statement));
    expect(text).toContain('ÉTAT ANNUEL 2026');
    expect(text).toContain(formatEuros(190_000).replace(/\s/g, ' '));
    expect(text).toContain('à renseigner à partir des relevés du service');
    expect(text).toContain('à notifier avant le 30 avril 2026');
    expect(documentFileName(statement)).toBe('état-annuel-2026-avrillé-ads.pdf');
  });

  it('states the shared total of a service split by keys instead of a unit-cost amount', async () => {
    const statement: AnnualStatementData = {
      ...base,
      kind: 'annual-statement',
      year: 2026,
      contractYear: 1,
      startDate: '2026-03-01',
      forecastUnits: 1,
      termsUnitCostCents: 100,
      service: { ...base.service, costModel: 'keys', keyBasis: 'population' },
      yearCost: { unitCostCents: null, totalCostCents: 4_500_000, notifiedAt: null },
    };
    const text = await textOf(await renderDocument(statement));
    expect(text).toContain(`coût total 2026, ${formatEuros(4_500_000).replace(/\s/g, ' ')}, entre les communes adhérentes au prorata de leur population`);
    expect(text).toContain('Montant prévisionnel non calculable à ce jour');
  });

  it('names the administrative court only where its district is known', () => {
    expect(administrativeCourtOf('49007')).toBe('Nantes');
    expect(administrativeCourtOf('75056')).toBeNull();
    expect(administrativeCourtOf('97411')).toBeNull();
  });
});

describe('the council of the EPCI', () => {
  it('is « métropolitain » for a métropole and « communautaire » otherwise', async () => {
    const { epciCouncilFr } = await import('../src/french.js');
    expect(epciCouncilFr('METRO')).toBe('conseil métropolitain');
    expect(epciCouncilFr('CU')).toBe('conseil communautaire');
    expect(epciCouncilFr('CA')).toBe('conseil communautaire');
  });
});
