// The model deliberations (.docx) as a secretary opens them in Word: the parties with their elision, the service, its
// legal basis, the accepted proposal's financial terms as the application computed them, the structure of a
// délibération with its blanks, and the same bytes for the same data.
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { formatEuros } from '#domain';
import { DOCX_MEDIA_TYPE, documentFileName, documentFormat, renderDocument, type DeliberationData } from '#documents';
import { docxParts, docxText } from '../../../test/support/docx-text.js';
import { base } from './year-fixtures.js';

function aDeliberation(changes: Partial<DeliberationData> = {}): DeliberationData {
  return {
    ...base,
    kind: 'commune-deliberation',
    startDate: '2027-01-01',
    unitCostCents: 12_345_678,
    forecastUnits: 10,
    // Deliberately not unit cost × units: the model prints the application's figure, it computes none.
    annualAmountCents: 123_456,
    paymentTerms: { periodicity: 'half_yearly', costRevision: 'fixed' },
    noticePeriodMonths: 6,
    staffImpact: false,
    cstOpinion: null,
    ...changes,
  };
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** The text with its no-break spaces (around guillemets, in amounts, after « L. ») read as spaces. */
const textOf = async (data: DeliberationData) => (await docxText(await renderDocument(data))).replace(/[\u00a0\u202f]/g, ' ');
const spaced = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('the model deliberation of each council', () => {
  it('is a Word file, named after the council, the commune and the service', () => {
    expect(documentFormat('commune-deliberation')).toEqual({ extension: 'docx', mediaType: DOCX_MEDIA_TYPE });
    expect(documentFormat('convention').extension).toBe('pdf');
    expect(documentFileName(aDeliberation())).toBe('délibération-conseil-municipal-avrillé-ads.docx');
    expect(documentFileName(aDeliberation({ kind: 'epci-deliberation' }))).toBe('délibération-epci-avrillé-ads.docx');
  });

  it('writes the municipal council’s deliberation: parties with their elision, service, legal basis, terms, blanks', async () => {
    const text = await textOf(aDeliberation());
    for (const expected of [
      'Commune d’Avrillé',
      'EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL',
      'Séance du ………… — Délibération n° …………',
      'le conseil municipal de la commune d’Avrillé, légalement convoqué le …………',
      'Objet : convention de service commun « Instruction des autorisations du droit des sols (ADS) » entre la commune d’Avrillé et Angers Loire Métropole',
      'Vu le code général des collectivités territoriales, notamment son article L. 5211-4-2 (services communs) ;',
      'Vu les statuts d’Angers Loire Métropole, communauté urbaine ;',
      'Vu la proposition financière d’Angers Loire Métropole, acceptée par la commune d’Avrillé ;',
      'Considérant l’intérêt, pour la commune d’Avrillé, de bénéficier du service « Instruction des autorisations du droit des sols (ADS) » d’Angers Loire Métropole',
      `un coût unitaire de fonctionnement de ${spaced(formatEuros(12_345_678))} par équivalent permis de construire`,
      `soit un montant annuel prévisionnel de ${spaced(formatEuros(123_456))}`,
      'des versements semestriels, à terme échu',
      'le coût unitaire applicable : celui de la convention, pour toute sa durée',
      'trois ans à compter du 1er janvier 2027',
      'n’est jamais reconduite tacitement',
      'préavis de 6 mois',
      'Après en avoir délibéré,',
      'DÉCIDE :',
      'Article 1er',
      'D’autoriser le maire, ou son représentant, à signer cette convention',
      'De dire que les crédits nécessaires seront inscrits au budget de la commune.',
      'Adoptée par ………… voix pour, ………… voix contre et ………… abstentions.',
      'Transmise au représentant de l’État le …………',
      'tribunal administratif de Nantes',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('montant annuel prévisionnel de 1 234,56 €');
    expect(text).not.toMatch(/\bde Angers|\bde Avrillé|caduque/);
    // The comité social territorial's opinion, not yet recorded, is a blank to fill in.
    expect(text).toContain('Vu l’avis du comité social territorial du ………… sur le projet de convention et la fiche d’impact ;');
  });

  it('writes the EPCI council’s deliberation with its own council, chair and budget, and the recorded CST opinion', async () => {
    const data = aDeliberation({ kind: 'epci-deliberation', cstOpinion: { opinion: 'favourable', date: '2026-11-11' } });
    const text = await textOf(data);
    expect(text).toContain('EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL COMMUNAUTAIRE');
    expect(text).toContain('le conseil communautaire d’Angers Loire Métropole, légalement convoqué');
    expect(text).toContain('Considérant que la commune d’Avrillé a demandé à bénéficier du service');
    expect(text).toContain('D’autoriser le président, ou son représentant');
    expect(text).toContain('De dire que les recettes correspondantes seront inscrites au budget d’Angers Loire Métropole.');
    expect(text).toContain('Vu l’avis favorable du comité social territorial du 11 novembre 2026');
    const metro = await textOf({ ...data, epci: { ...data.epci, nature: 'METRO' } });
    expect(metro).toContain('DÉLIBÉRATIONS DU CONSEIL MÉTROPOLITAIN');
  });

  it('cites the articles of the service’s own legal basis', async () => {
    const mad = await textOf(aDeliberation({ service: { ...base.service, legalBasis: 'mise_a_disposition' } }));
    expect(mad).toContain('L. 5211-4-1');
    expect(mad).toContain('D. 5211-16');
    expect(mad).not.toContain('L. 5211-4-2');
    expect(mad).toContain('convention de mise à disposition de services');
    const unified = await textOf(aDeliberation({ service: { ...base.service, legalBasis: 'service_unifie' } }));
    expect(unified).toContain('L. 5111-1-1');
  });

  it('gives the same bytes for the same data, its core properties dated at the instant of generation', async () => {
    const data = aDeliberation();
    const [first, second] = await Promise.all([renderDocument(data), renderDocument(data)]);
    expect(sha(second)).toBe(sha(first));
    const later = await renderDocument({ ...data, generatedAt: '2027-02-02T09:00:00.000Z' });
    expect(sha(later)).not.toBe(sha(first));
    const core = (await docxParts(first))['docProps/core.xml'];
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2027-02-01T09:00:00Z</dcterms:created>');
    expect(core).toContain('<dc:language>fr-FR</dc:language>');
    // Every zip entry is dated at the instant of generation too (docx would stamp the time of writing), as its MS-DOS fields store it.
    const zip = await JSZip.loadAsync(first);
    for (const entry of Object.values(zip.files)) {
      const d = entry.date;
      expect([d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2027, 2, 1, 9, 0]);
    }
  });
});
