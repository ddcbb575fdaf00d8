// Whose notification templates a request is about: the DGS keeps its own EPCI's; the admin names one (?epci=).
// Another role is refused (403); a DGS naming another EPCI gets a 404, as anything out of scope.
import { Forbidden, NotFound } from '#workflow';
import { type Actor } from '../../common/actor.js';
import { epciOf } from '../../catalogue/epci-of.js';
import { type Repositories } from '../../ports/repositories.js';
import { isTemplateKind, type TemplateKind } from '../message-templates.js';

export function templatesEpci(actor: Actor, requested?: unknown): string {
  if (actor.role !== 'dgs' && actor.role !== 'admin') throw new Forbidden('Only the DGS keeps the notification templates');
  if (actor.role === 'dgs' && requested !== undefined && requested !== actor.epciSiren) throw new NotFound('EPCI not found', { siren: requested });
  return epciOf(actor, requested);
}

/** The EPCI, which must exist; 404 otherwise. */
export async function existingEpci(r: Repositories, siren: string) {
  const epci = await r.communes.epci(siren);
  if (!epci) throw new NotFound('EPCI not found', { siren });
  return epci;
}

export function templateKind(kind: string): TemplateKind {
  if (!isTemplateKind(kind)) throw new NotFound('No such notification kind', { kind });
  return kind;
}
