// The attachments' form without React: where the server's refusals go, and the size limit checked before sending.
// The kinds, their French names, the file types and the limit are the contract's: libs/contracts' attachment-kinds.ts,
// imported by itself (the rest of libs/contracts is zod, which the web imports as types only).
import { MAX_ATTACHMENT_BYTES } from '../../../../libs/contracts/src/attachment-kinds';
import { ApiError } from '../api';
import { placeErrors, type PlacedErrors } from '../components/errors';

export { ATTACHMENT_KIND_LABELS_FR, ATTACHMENT_KINDS, ATTACHMENT_MEDIA_TYPES } from '../../../../libs/contracts/src/attachment-kinds';

/** The limit in the words of the form: « 20 Mo ». */
export const MAX_ATTACHMENT_SIZE_FR = `${MAX_ATTACHMENT_BYTES / (1024 * 1024)} Mo`;

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
  return { fields: { file: `Le fichier dépasse ${MAX_ATTACHMENT_SIZE_FR} : réduisez-le avant de le joindre.` }, general: null, code: 'attachment_too_large' };
}
