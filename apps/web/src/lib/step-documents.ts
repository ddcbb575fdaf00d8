// The documents a step calls for, offered next to its actions: the draft convention while the parties decide,
// deliberate and sign (so that nobody signs blind), and the councils' model deliberations while they deliberate.
// The server says which documents exist (availableDocuments); this only picks those the step needs.
import { type AvailableDocument } from '../api';

/** The steps at which the draft convention is offered: before both signatures, while it is being decided on. */
const DRAFT_STEPS = new Set(['proposal', 'deliberations', 'signature']);

export interface StepDocument {
  label: string;
  url: string;
  /** « PDF » or « Word »: what the link opens. */
  format: string;
}

export const formatOf = (url: string): string => (/\.docx(\?|$)/.test(url) ? 'Word' : 'PDF');

export function stepDocuments(state: string, documents: readonly AvailableDocument[]): StepDocument[] {
  const offered: StepDocument[] = [];
  const draft = documents.find((d) => d.kind === 'convention');
  if (DRAFT_STEPS.has(state) && draft) offered.push({ label: 'Consulter le projet de convention', url: draft.url, format: formatOf(draft.url) });
  if (state === 'deliberations') {
    for (const d of documents) if (d.kind === 'commune-deliberation' || d.kind === 'epci-deliberation') offered.push({ label: d.label, url: d.url, format: formatOf(d.url) });
  }
  return offered;
}
