// What an attachment may be, without zod: its kinds with their French names, the types of file and the size
// limit. The api checks them (attachments.contract.ts re-exports this file into `#contracts`); the web imports
// this file alone, for its form to offer the same kinds and refuse the same sizes without zod in its bundle.

export const ATTACHMENT_KINDS = ['deliberation', 'cst_minutes', 'impact_sheet', 'signed_convention', 'avenant'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const ATTACHMENT_KIND_LABELS_FR: Readonly<Record<AttachmentKind, string>> = {
  deliberation: 'Délibération',
  cst_minutes: 'Procès-verbal du comité social territorial',
  impact_sheet: 'Fiche d’impact',
  signed_convention: 'Convention signée',
  avenant: 'Avenant',
};

/** What a file may be, judged by its bytes: a PDF, or the scan of a page as JPEG or PNG. */
export const ATTACHMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];

/** 20 MB: the largest file accepted (a 413 beyond). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** The multipart field that carries the file. */
export const ATTACHMENT_FILE_FIELD = 'file';
