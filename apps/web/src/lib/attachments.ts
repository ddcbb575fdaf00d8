// The attachments' form without React: its French kinds, the size limit, and where the server's refusals go.
import { ApiError, type AttachmentKind } from '../api';
import { placeErrors, type PlacedErrors } from '../components/errors';

/** The contract's kinds, in French (the web imports only types from libs/contracts: no zod in the bundle). */
export const KIND_LABELS: Record<AttachmentKind, string> = {
  deliberation: 'Délibération',
  cst_minutes: 'Procès-verbal du comité social territorial',
  impact_sheet: 'Fiche d’impact',
  signed_convention: 'Convention signée',
  avenant: 'Avenant',
};

/** The server's limit (MAX_ATTACHMENT_BYTES): a larger file is not worth sending. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export const ATTACHMENT_FIELDS = ['file', 'kind', 'party', 'number', 'date', 'transmittedOn'] as const;

/** The refusals that concern the file itself (its type by its bytes, its size), shown next to it. */
const FILE_CODES = ['unsupported_attachment_type', 'attachment_too_large', 'payload_too_large'];

/** A 400's or 422's issues next to their fields; a 413's or 415's message next to the file; the rest above the form. */
export function placeAttachmentErrors(error: unknown): PlacedErrors {
  if (error instanceof ApiError && FILE_CODES.includes(error.code)) return { fields: { file: error.message }, general: null, code: error.code };
  return placeErrors(error, ATTACHMENT_FIELDS);
}

/** The file's refusal before sending it, if any. */
export function fileTooLarge(file: { size: number } | null): PlacedErrors | null {
  if (!file || file.size <= MAX_ATTACHMENT_BYTES) return null;
  return { fields: { file: 'Le fichier dépasse 20 Mo : réduisez-le avant de le joindre.' }, general: null, code: 'attachment_too_large' };
}
