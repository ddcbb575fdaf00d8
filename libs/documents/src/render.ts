// One entry point: the document of a kind, as bytes (PDF, or .docx for a model deliberation), and the French name of its file.
import { renderAmendment } from './amendment.document.js';
import { renderAnnualStatement } from './annual-statement.document.js';
import { renderConvention } from './convention.document.js';
import { documentFormat, type DocumentData } from './document-data.js';
import { renderDeliberation } from './deliberation.docx.js';
import { fileSlug } from './french.js';
import { legalBasisWording } from './legal-basis.fr.js';
import { renderProposal } from './proposal.document.js';
import { renderNoticeLetter } from './notice-letter.document.js';
import { renderUnitCostLetter } from './unit-cost-letter.document.js';

export function renderDocument(data: DocumentData): Promise<Buffer> {
  switch (data.kind) {
    case 'convention':
      return renderConvention(data);
    case 'proposal':
      return renderProposal(data);
    case 'annual-statement':
      return renderAnnualStatement(data);
    case 'unit-cost-letter':
      return renderUnitCostLetter(data);
    case 'notice-letter':
      return renderNoticeLetter(data);
    case 'commune-deliberation':
    case 'epci-deliberation':
      return renderDeliberation(data);
    case 'amendment':
      return renderAmendment(data);
  }
}

/**
 * 'convention-avrillé-ads.pdf', 'projet-de-convention-…', 'proposition-financière-…', 'état-annuel-2026-…' for a
 * mise à disposition or 'bilan-annuel-2026-…' for a service commun or unifié, 'notification-coût-2026-…',
 * 'préavis-de-résiliation-…'.
 */
export function documentFileName(data: DocumentData): string {
  const what = ((): string => {
    switch (data.kind) {
      case 'convention':
        return data.signed ? 'convention' : 'projet de convention';
      case 'proposal':
        return 'proposition financière';
      case 'annual-statement':
        return `${legalBasisWording(data.service.legalBasis).statement.name} ${data.year}`;
      case 'unit-cost-letter':
        return `notification coût ${data.year}`;
      case 'notice-letter':
        return 'préavis de résiliation';
      case 'commune-deliberation':
        return 'délibération conseil municipal';
      case 'epci-deliberation':
        return 'délibération EPCI';
      case 'amendment':
        return `${data.signed ? 'avenant' : 'projet d’avenant'} ${data.number}`;
    }
  })();
  return `${fileSlug(what, data.commune.name, data.service.code)}.${documentFormat(data.kind).extension}`;
}
