// The documents as a reader sees them: their text, extracted from the PDF, and their bytes, stable for the same data.
import { createHash } from 'node:crypto';
import { formatEuros } from '#domain';
import {
  administrativeCourtOf,
  documentFileName,
  renderDocument,
  type AnnualStatementData,
  type ConventionData,
  type ProposalData,
  type ServiceInfo,
  legalBasisWording,
} from '#documents';
import { textOf } from '../../../test/support/pdf-text.js';
import { aDraftConvention, aProposal, base, figuresOf, statementOf as yearStatementOf } from './year-fixtures.js';

/** The instant the adhesion's documents are generated at. */
const GENERATED_AT = '2026-01-05T09:00:00.000Z';

const draft: ConventionData = aDraftConvention({ generatedAt: GENERATED_AT, forecastUnits: 42.5 });

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
      'Service commun « Instruction des autorisations du droit des sols (ADS) »',
      'L. 5211-4-2',
      'la délibération du conseil communautaire d’Angers Loire Métropole n° DEL-2026-117 du 6 janvier 2026 ;',
      '« l’EPCI ».',
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
    const proposal: ProposalData = aProposal({ generatedAt: GENERATED_AT, study: { forecastUnits: 10, staffImpact: true, notes: null } });
    const text = await textOf(await renderDocument(proposal));
    expect(text).toContain('PROPOSITION FINANCIÈRE');
    expect(text).toContain(formatEuros(180_000).replace(/\s/g, ' '));
    expect(text).toContain('15 février 2026');
    expect(text).toContain('comité social territorial');
  });

  it('names the administrative court only where its district is known', () => {
    expect(administrativeCourtOf('49007')).toBe('Nantes');
    expect(administrativeCourtOf('75056')).toBeNull();
    expect(administrativeCourtOf('97411')).toBeNull();
  });
});

describe('the legal basis of the service', () => {
  type Basis = ServiceInfo['legalBasis'];
  const serviceOf = (legalBasis: Basis): ServiceInfo => ({ ...base.service, legalBasis });
  const conventionOf = (legalBasis: Basis, changes: Partial<ConventionData> = {}): ConventionData => ({ ...signed, service: serviceOf(legalBasis), ...changes });
  const proposalOf = (legalBasis: Basis, staffImpact = false): ProposalData =>
    aProposal({ generatedAt: GENERATED_AT, service: serviceOf(legalBasis), study: { forecastUnits: 10, staffImpact, notes: null } });
  // No units recorded yet: a provisional statement.
  const statementOf = (legalBasis: Basis): AnnualStatementData => yearStatementOf(figuresOf(), { generatedAt: GENERATED_AT, service: serviceOf(legalBasis) });
  const read = async (data: ConventionData | ProposalData | AnnualStatementData) => textOf(await renderDocument(data));

  /** What each basis cites in every document, what it must never cite, and whether the CST is named in its convention and proposal. */
  const CITES: Record<Basis, { own: string[]; never: string[]; cst: boolean }> = {
    mise_a_disposition: { own: ['L. 5211-4-1', 'D. 5211-16'], never: ['L. 5211-4-2', 'L. 5111-1-1', 'attribution de compensation'], cst: false },
    service_commun: { own: ['L. 5211-4-2', 'attribution de compensation'], never: ['D. 5211-16', 'L. 5211-4-1', 'L. 5111-1-1'], cst: true },
    service_unifie: { own: ['L. 5111-1-1'], never: ['D. 5211-16', 'L. 5211-4-1', 'L. 5211-4-2', 'attribution de compensation'], cst: true },
  };
  const BASES = Object.keys(CITES) as Basis[];

  it('cites, for a service commun, L. 5211-4-2, the comité social territorial and the fiche d’impact, never D. 5211-16', async () => {
    const text = await read(conventionOf('service_commun'));
    for (const expected of [
      'Service commun « Instruction des autorisations du droit des sols (ADS) »',
      'notamment son article L. 5211-4-2 (services communs) ;',
      'dans le cadre d’un service commun régi par l’article L. 5211-4-2 du code général des collectivités territoriales',
      'Article 3 — Situation des agents',
      'transférés de plein droit à l’EPCI',
      'La présente convention et sa fiche d’impact',
      'sont soumises à l’avis du comité social territorial',
      'Les conditions financières du service commun sont fixées par la présente convention, conformément à l’article L. 5211-4-2',
      'Le cas échéant, lorsque l’EPCI relève du régime de la fiscalité professionnelle unique, la contribution de la commune peut être imputée sur son attribution de compensation.',
      'bilan annuel',
    ]) {
      expect(text).toContain(expected);
    }
    for (const absent of ['D. 5211-16', 'L. 5211-4-1', 'état annuel', '?']) expect(text).not.toContain(absent);
  });

  it('always seeks the opinion of the comité social territorial for a service commun, and cites it once given', async () => {
    const draftText = await read(conventionOf('service_commun', { signed: false, staffImpact: false, deliberations: { commune: null, epci: null }, signatures: { commune: null, epci: null } }));
    expect(draftText).toContain('l’avis du comité social territorial sur le projet de convention et la fiche d’impact (à recueillir avant les délibérations) ;');
    const given = await read(conventionOf('service_commun', { cstOpinion: { opinion: 'favourable', date: '2025-12-01' } }));
    expect(given).toContain('l’avis favorable du comité social territorial du 1er décembre 2025 sur le projet de convention et la fiche d’impact ;');
  });

  it('cites, for a mise à disposition, L. 5211-4-1 and D. 5211-16, the mayor’s functional authority and a yearly payment', async () => {
    const text = await read(conventionOf('mise_a_disposition'));
    for (const expected of [
      'Mise à disposition du service « Instruction des autorisations du droit des sols (ADS) »',
      'notamment son article L. 5211-4-1 (mise à disposition de services) et son article D. 5211-16 (remboursement des frais de fonctionnement) ;',
      'dans le cadre d’une mise à disposition de services régie par l’article L. 5211-4-1',
      'restent employés par l’EPCI',
      'sous l’autorité fonctionnelle du maire',
      'Conformément à l’article D. 5211-16 du code général des collectivités territoriales',
      'dans les trois mois suivant la signature',
      'un état annuel des unités réellement consommées',
      'sa périodicité ne peut être supérieure à un an',
    ]) {
      expect(text).toContain(expected);
    }
    // No staff affected: no comité social territorial, and no fiche d’impact, which belongs to a service commun.
    for (const absent of ['L. 5211-4-2', 'comité social territorial', 'fiche d’impact', 'attribution de compensation', 'bilan annuel', '?']) expect(text).not.toContain(absent);

    const affecting = await read(conventionOf('mise_a_disposition', { staffImpact: true }));
    expect(affecting).toContain('l’avis du comité social territorial sur le projet de convention (avis non enregistré) ;');
    expect(affecting).toContain('le comité social territorial est consulté avant les délibérations');
  });

  it('cites, for a service unifié, L. 5111-1-1 and the comité social territorial, never D. 5211-16', async () => {
    const text = await read(conventionOf('service_unifie'));
    for (const expected of [
      'Service unifié « Instruction des autorisations du droit des sols (ADS) »',
      'notamment son article L. 5111-1-1 (services unifiés) ;',
      'dans le cadre d’un service unifié régi par l’article L. 5111-1-1',
      'Les conditions financières du service unifié sont fixées par la présente convention, conformément à l’article L. 5111-1-1',
      'elle est soumise à l’avis du comité social territorial',
      'bilan annuel',
    ]) {
      expect(text).toContain(expected);
    }
    for (const absent of ['D. 5211-16', 'L. 5211-4-1', 'L. 5211-4-2', 'attribution de compensation', '?']) expect(text).not.toContain(absent);
  });

  it.each(BASES)('cites in the convention, the proposal and the annual statement of a %s its own articles only', async (basis) => {
    for (const data of [conventionOf(basis), proposalOf(basis), statementOf(basis)]) {
      const text = await read(data);
      for (const expected of CITES[basis].own) expect({ kind: data.kind, text }).toEqual({ kind: data.kind, text: expect.stringContaining(expected) });
      for (const absent of CITES[basis].never) expect({ kind: data.kind, text }).toEqual({ kind: data.kind, text: expect.not.stringContaining(absent) });
      if (data.kind !== 'annual-statement') {
        const cst = CITES[basis].cst ? expect.stringContaining('comité social territorial') : expect.not.stringContaining('comité social territorial');
        expect({ kind: data.kind, text }).toEqual({ kind: data.kind, text: cst });
      }
    }
  });

  it('writes the proposal of each basis with its own financial terms and its comité social territorial', async () => {
    const commun = await read(proposalOf('service_commun'));
    expect(commun).toContain('(service commun, article L. 5211-4-2 du code général des collectivités territoriales)');
    expect(commun).toContain('Les conditions financières du service commun sont fixées par la convention');
    expect(commun).toContain('la convention et sa fiche d’impact seront néanmoins soumises à l’avis du comité social territorial');
    expect(commun).toContain('la convention est soumise à l’avis du comité social territorial, puis au conseil municipal et au conseil communautaire');

    const miseADisposition = await read(proposalOf('mise_a_disposition'));
    expect(miseADisposition).toContain('(mise à disposition de services, article L. 5211-4-1 du code général des collectivités territoriales)');
    expect(miseADisposition).toContain('Le remboursement suit l’article D. 5211-16');
    expect(miseADisposition).toContain('la convention est soumise au conseil municipal et au conseil communautaire');
    expect(await read(proposalOf('mise_a_disposition', true))).toContain('Oui : le comité social territorial sera consulté avant les délibérations.');

    const unifie = await read(proposalOf('service_unifie'));
    expect(unifie).toContain('(service unifié, article L. 5111-1-1 du code général des collectivités territoriales)');
    expect(unifie).toContain('la convention sera néanmoins soumise à l’avis du comité social territorial');
  });

  it('titles the yearly statement « état annuel » under D. 5211-16 only, « bilan annuel » under a convention otherwise', async () => {
    const etat = await read(statementOf('mise_a_disposition'));
    expect(etat).toContain('ÉTAT ANNUEL 2026');
    expect(etat).toContain('Établi en application de l’article D. 5211-16 du code général des collectivités territoriales');
    expect(etat).toContain('Cet état est provisoire : les unités de la période suivante ne sont pas encore enregistrées : l’année 2026');
    expect(documentFileName(statementOf('mise_a_disposition'))).toBe('état-annuel-2026-avrillé-ads.pdf');

    const commun = await read(statementOf('service_commun'));
    expect(commun).toContain('BILAN ANNUEL 2026');
    expect(commun).toContain('Établi en application de la convention de service commun (article L. 5211-4-2 du code général des collectivités territoriales)');
    expect(commun).toContain('Ce bilan est provisoire : les unités de la période suivante ne sont pas encore enregistrées : l’année 2026');
    expect(commun).not.toMatch(/état annuel/i);
    expect(documentFileName(statementOf('service_commun'))).toBe('bilan-annuel-2026-avrillé-ads.pdf');

    const unifie = await read(statementOf('service_unifie'));
    expect(unifie).toContain('BILAN ANNUEL 2026');
    expect(unifie).toContain('Établi en application de la convention de service unifié (article L. 5111-1-1 du code général des collectivités territoriales)');
    expect(documentFileName(statementOf('service_unifie'))).toBe('bilan-annuel-2026-avrillé-ads.pdf');
  });

  it('keeps each article and each guillemet on the line of its word, with no-break spaces', () => {
    const wording = legalBasisWording('service_commun');
    expect(wording.article).toBe('L.\u00a05211-4-2');
    expect(wording.conventionSubtitle('ADS')).toBe('Service commun «\u00a0ADS\u00a0»');
    expect(legalBasisWording('mise_a_disposition').visa).toContain('D.\u00a05211-16');
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
