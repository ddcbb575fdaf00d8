// The documents a step offers, and the words the web writes: without a browser.
import { type AvailableDocument } from '../src/api';
import { deName, formatDate, ROLE_LABELS } from '../src/format';
import { inForceLabel } from '../src/lib/in-force';
import { formatOf, stepDocuments } from '../src/lib/step-documents';

const docs = (id: string): AvailableDocument[] => [
  { kind: 'convention', label: 'Projet de convention', url: `/api/adhesions/${id}/documents/convention.pdf` },
  { kind: 'proposal', label: 'Proposition', url: `/api/adhesions/${id}/documents/proposal.pdf` },
  { kind: 'commune-deliberation', label: 'Modèle de délibération du conseil municipal', url: `/api/adhesions/${id}/documents/commune-deliberation.docx` },
  { kind: 'epci-deliberation', label: 'Modèle de délibération du conseil communautaire', url: `/api/adhesions/${id}/documents/epci-deliberation.docx` },
];

describe('the documents a step offers next to its actions', () => {
  it('offers the draft convention at the proposal, the deliberations and the signature, never once in force', () => {
    for (const state of ['proposal', 'deliberations', 'signature']) {
      expect(stepDocuments(state, docs('a1'))[0]).toEqual({ label: 'Consulter le projet de convention', url: '/api/adhesions/a1/documents/convention.pdf', format: 'PDF' });
    }
    expect(stepDocuments('active', docs('a1'))).toEqual([]);
    expect(stepDocuments('study', [])).toEqual([]);
  });

  it('offers both councils’ model deliberations, as Word files, at the deliberations only', () => {
    expect(stepDocuments('deliberations', docs('a1')).map((d) => `${d.label} (${d.format})`)).toEqual([
      'Consulter le projet de convention (PDF)',
      'Modèle de délibération du conseil municipal (Word)',
      'Modèle de délibération du conseil communautaire (Word)',
    ]);
    expect(stepDocuments('signature', docs('a1')).map((d) => d.format)).toEqual(['PDF']);
    expect(formatOf('/api/adhesions/a1/documents/unit-cost-letter.pdf?year=2027')).toBe('PDF');
  });
});

describe('the words the web writes', () => {
  it('elides and contracts « de » before a name as the documents’ ofPlace does (french-words.spec.ts)', () => {
    expect(['Avrillé', 'Angers Loire Métropole', 'Écouflant', 'Trélazé', 'Les Ponts-de-Cé', 'Le Plessis-Grammoire'].map(deName)).toEqual([
      'd’Avrillé',
      'd’Angers Loire Métropole',
      'd’Écouflant',
      'de Trélazé',
      'des Ponts-de-Cé',
      'du Plessis-Grammoire',
    ]);
  });

  it('names the secretary « secrétaire général(e) de mairie »', () => {
    expect(ROLE_LABELS.secretary).toBe('Secrétaire général(e) de mairie');
  });

  it('says « à compter du » for a start date still to come, « depuis » once started, as the server decides', () => {
    expect(inForceLabel({ startsLater: true })).toBe('En vigueur à compter du');
    expect(inForceLabel({ startsLater: false })).toBe('En vigueur depuis');
    expect(formatDate('2028-01-01')).toBe('1er janvier 2028');
  });
});
