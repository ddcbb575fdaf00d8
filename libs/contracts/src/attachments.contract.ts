// Attachments of an adhesion: the files the parties upload at a step (a deliberation with its transmission to
// the prefecture, the CST minutes, the fiche d'impact, the signed convention, an avenant). The metadata comes as
// the text fields of a multipart form, beside the file: every field is a string there. Each refusal names its
// field with a stable code and the French sentence to show beside it; the rules that need today (a date not in
// the future) are checked by `attachmentDateIssues`. The kinds, file types and size limit are attachment-kinds.ts's.
import { z } from 'zod';
import { civilDateSchema, instantSchema, PARTIES, partySchema } from './common.contract.js';
import { request, response } from './registry.js';
import { singleLineText } from './text.contract.js';
import { ATTACHMENT_KIND_LABELS_FR, ATTACHMENT_KINDS, ATTACHMENT_MEDIA_TYPES, type AttachmentKind } from './attachment-kinds.js';

export * from './attachment-kinds.js';

const KIND_MESSAGE = `Choisissez le type de pièce : ${ATTACHMENT_KINDS.map((k) => ATTACHMENT_KIND_LABELS_FR[k].toLowerCase()).join(', ')}.`;

const missing = (input: unknown) => input === undefined || input === '';

/** A civil date field: « Indiquez … » when it is missing, « … n’est pas une date valide » otherwise. */
const dateField = (what: string) =>
  z.iso.date({
    error: (issue) =>
      missing(issue.input) ? `Indiquez ${what} (format AAAA-MM-JJ).` : `${what[0].toUpperCase()}${what.slice(1)} n’est pas une date valide (format attendu : AAAA-MM-JJ).`,
  });

/** The metadata of a deliberation: whose council, its number, its date, and when it went to the prefecture. */
const deliberationMetadata = z.object({
  kind: z.literal('deliberation'),
  party: z.enum(PARTIES, { error: 'Indiquez le conseil qui a délibéré : la commune ou l’EPCI.' }),
  number: singleLineText({ max: 100 }).describe('The deliberation’s number, as the council gave it.'),
  date: dateField('la date de la délibération'),
  transmittedOn: dateField('la date de transmission en préfecture'),
});

const otherMetadata = z.object({
  kind: z.enum(ATTACHMENT_KINDS.filter((k) => k !== 'deliberation') as [Exclude<AttachmentKind, 'deliberation'>, ...Array<Exclude<AttachmentKind, 'deliberation'>>]),
});

/**
 * The text fields of POST /api/adhesions/{id}/attachments. A deliberation names its council (`party`), its
 * `number`, its `date` and the date it was `transmittedOn` to the prefecture (contrôle de légalité, CGCT L2131-1),
 * which cannot precede it.
 */
export const attachmentMetadataSchema = request(
  'AttachmentMetadata',
  z
    .discriminatedUnion('kind', [deliberationMetadata, otherMetadata], { error: KIND_MESSAGE })
    .superRefine((value, ctx) => {
      const order = value.kind === 'deliberation' ? transmissionOrderIssue(value.date, value.transmittedOn) : null;
      if (order) ctx.addIssue({ code: 'custom', path: [order.field], params: { code: order.code }, message: order.message });
    }),
  'The text fields of an attachment’s multipart form, beside its `file`.',
);
export type AttachmentMetadata = z.infer<typeof attachmentMetadataSchema>;

/** A field issue with its French sentence. */
export interface AttachmentIssue {
  field: string;
  code: string;
  message: string;
}

/** The rules that need today's date (Paris): a deliberation and its transmission are not in the future. */
export function attachmentDateIssues(metadata: AttachmentMetadata, today: string): AttachmentIssue[] {
  if (metadata.kind !== 'deliberation') return [];
  const issues: AttachmentIssue[] = [];
  if (metadata.date > today) {
    issues.push({ field: 'date', code: 'date_in_future', message: `La date de la délibération ne peut pas être dans le futur (aujourd’hui : ${frDate(today)}).` });
  }
  if (metadata.transmittedOn > today) {
    issues.push({
      field: 'transmittedOn',
      code: 'date_in_future',
      message: `La date de transmission en préfecture ne peut pas être dans le futur (aujourd’hui : ${frDate(today)}).`,
    });
  }
  return issues;
}

/** The French sentences of the text rules (text.contract.ts's codes) and of the number's length. */
const NUMBER_MESSAGES: Readonly<Record<string, string>> = {
  required: 'Indiquez le numéro de la délibération.',
  too_small: 'Indiquez le numéro de la délibération.',
  too_big: 'Le numéro de la délibération ne peut dépasser 100 caractères.',
  line_break: 'Le numéro de la délibération tient sur une ligne.',
  nul_character: 'Le numéro de la délibération contient un caractère non autorisé.',
  control_character: 'Le numéro de la délibération contient un caractère de contrôle non autorisé.',
  bidi_control: 'Le numéro de la délibération contient un caractère de direction du texte non autorisé.',
};

/** Parses the metadata: the data, or every issue with its field, a stable code and its French sentence. */
export function parseAttachmentMetadata(input: unknown): { data: AttachmentMetadata; issues: null } | { data: null; issues: AttachmentIssue[] } {
  const result = attachmentMetadataSchema.safeParse(input ?? {});
  if (result.success) return { data: result.data, issues: null };
  const valueAt = (path: PropertyKey[]) =>
    path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), input);
  const issues = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'kind';
    const params = (issue as { params?: { code?: string } }).params;
    let code: string = issue.code;
    if (issue.code === 'custom') code = params?.code ?? issue.message;
    else if (missing(valueAt(issue.path.length ? issue.path : ['kind']))) code = 'required';
    const message = field === 'number' ? (NUMBER_MESSAGES[code] ?? NUMBER_MESSAGES.required) : issue.message;
    return { field, code, message };
  });
  // zod skips the refinement when another field failed: the order of the two dates is told all the same.
  const raw = (input ?? {}) as Record<string, unknown>;
  const valid = (date: unknown): date is string => civilDateSchema.safeParse(date).success;
  if (raw.kind === 'deliberation' && valid(raw.date) && valid(raw.transmittedOn) && !issues.some((i) => i.field === 'transmittedOn')) {
    const order = transmissionOrderIssue(raw.date, raw.transmittedOn);
    if (order) issues.push(order);
  }
  return { data: null, issues };
}

/** The transmission to the prefecture cannot precede the deliberation. */
function transmissionOrderIssue(date: string, transmittedOn: string): AttachmentIssue | null {
  if (transmittedOn >= date) return null;
  return {
    field: 'transmittedOn',
    code: 'transmitted_before_deliberation',
    message: `La transmission en préfecture ne peut pas précéder la délibération (${frDate(date)}).`,
  };
}

/** 12/03/2027, as the French rules state their dates. */
function frDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

export const attachmentSchema = response(
  'Attachment',
  z.object({
    id: z.string(),
    adhesionId: z.string(),
    kind: z.enum(ATTACHMENT_KINDS),
    kindLabel: z.string().describe('The kind in French.'),
    fileName: z.string().describe('The original file name, sanitised; its extension is that of the type found in its bytes.'),
    mediaType: z.enum(ATTACHMENT_MEDIA_TYPES).describe('Judged by the bytes, never by the name or the declared type.'),
    byteSize: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    step: z.string().describe('The state of the adhesion when the file was attached.'),
    stepLabel: z.string(),
    deliberation: z
      .object({ party: partySchema, number: z.string(), date: civilDateSchema, transmittedOn: civilDateSchema })
      .nullable()
      .describe('A deliberation’s council, number, date and date of transmission to the prefecture.'),
    uploadedBy: z.object({ id: z.string(), name: z.string().nullable(), role: z.string() }),
    uploadedAt: instantSchema,
    downloadUrl: z.string().describe('GET it, with the session, to download the same bytes.'),
  }),
  'A file attached to an adhesion, with its SHA-256.',
);
export type Attachment = z.infer<typeof attachmentSchema>;

export const attachmentListSchema = response('AttachmentList', z.array(attachmentSchema), 'The files attached to an adhesion, oldest first.');
