// One entry point: the document of a kind, as PDF bytes, and the French name of its file.
import { renderAnnualStatement } from './annual-statement.document.js';
import { renderConvention } from './convention.document.js';
import { type DocumentData } from './document-data.js';
import { fileSlug } from './french.js';
import { legalBasisWording } from './legal-basis.fr.js';
import { renderProposal } from './proposal.document.js';

export function renderDocument(data: DocumentData): Promise<Buffer> {
  switch (data.kind) {
    case 'convention':
      return renderConvention(data);
    case 'proposal':
      return renderProposal(data);
    case 'annual-statement':
      return renderAnnualStatement(data);
  }
}

/**
 * 'convention-avrillé-ads.pdf', 'projet-de-convention-…', 'proposition-financière-…', and 'état-annuel-2026-…' for a
 * mise à disposition or 'bilan-annuel-2026-…' for a service commun or unifié.
 */
export function documentFileName(data: DocumentData): string {
  const what =
    data.kind === 'convention'
      ? data.signed ? 'convention' : 'projet de convention'
      : data.kind === 'proposal'
        ? 'proposition financière'
        : `${legalBasisWording(data.service.legalBasis).statement.name} ${data.year}`;
  return `${fileSlug(what, data.commune.name, data.service.code)}.pdf`;
}
