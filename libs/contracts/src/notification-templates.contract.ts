// The notification templates of an EPCI: a subject and a body per kind, in French, with {{variables}} from a
// closed list per kind. The product's wording is the default; the EPCI's DGS may rewrite it, or go back to it.
import { z } from 'zod';
import { multiLineText, singleLineText } from './text.contract.js';
import { instantSchema, sirenSchema } from './common.contract.js';
import { request, response } from './registry.js';

const kindSchema = z.string().min(1).max(40).describe('The notification kind (turn_to_act, notice_given, renewal_reminder, …).');

export const notificationTemplateSchema = response(
  'NotificationTemplate',
  z.object({
    kind: kindSchema,
    label: z.string().describe('What the message is about, in French.'),
    about: z.enum(['adhesion', 'epci']).describe('About one file, or to the EPCI as a whole.'),
    subject: z.string(),
    body: z.string().describe('Paragraphs separated by a blank line.'),
    custom: z.boolean().describe('The EPCI’s own wording; false: the product’s default.'),
    version: z.number().int().min(0).describe('To send back when saving (compare-and-swap); 0 while the default is used.'),
    updatedAt: instantSchema.nullable(),
    variables: z.array(z.object({ name: z.string(), description: z.string() })).describe('The variables this kind may use, written {{name}}.'),
    defaultSubject: z.string(),
    defaultBody: z.string(),
  }),
  'One kind of notification as the EPCI sends it.',
);
export type NotificationTemplate = z.infer<typeof notificationTemplateSchema>;

export const notificationTemplateListSchema = response('NotificationTemplateList', z.object({ epci: sirenSchema, items: z.array(notificationTemplateSchema) }));
export type NotificationTemplateList = z.infer<typeof notificationTemplateListSchema>;

export const saveNotificationTemplateCommand = request(
  'SaveNotificationTemplateCommand',
  z
    .object({
      subject: singleLineText({ max: 200 }),
      body: multiLineText({ max: 5000 }),
      version: z.number().int().min(0).describe('The version read (0 when the default was shown): another one is a 409.'),
    })
    .strict(),
);
export type SaveNotificationTemplateCommand = z.infer<typeof saveNotificationTemplateCommand>;

export const resetNotificationTemplateQuery = z.object({
  epci: sirenSchema.optional().describe('The EPCI (admin only; the others get their own).'),
  version: z.coerce.number().int().min(1).describe('The version read: another one is a 409.'),
});

export const previewNotificationTemplateCommand = request(
  'PreviewNotificationTemplateCommand',
  z
    .object({
      subject: singleLineText({ max: 200 }).optional().describe('The subject being edited; absent, the saved one.'),
      body: multiLineText({ max: 5000 }).optional().describe('The body being edited; absent, the saved one.'),
      adhesionId: z.string().min(1).max(64).optional().describe('An adhesion of the EPCI whose names fill the variables; absent, a sample.'),
    })
    .strict(),
);
export type PreviewNotificationTemplateCommand = z.infer<typeof previewNotificationTemplateCommand>;

export const notificationPreviewSchema = response(
  'NotificationPreview',
  z.object({ subject: z.string(), text: z.string(), html: z.string().describe('The HTML e-mail, values escaped.') }),
  'The message as it would be sent.',
);
export type NotificationPreview = z.infer<typeof notificationPreviewSchema>;
