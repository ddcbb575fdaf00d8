// The one rule for the text people type: no NUL (PostgreSQL refuses it in text), no other control character
// but the tab, no bidirectional control (it reorders what a reader sees: « Trojan Source »), and, in a
// single-line field (a name, a number, a quality), no line break, which would forge lines in a PDF. Each
// refusal is a field issue with a stable code (the French wording is the api's FIELD_ISSUES_FR).
import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NUL = /\u0000/;
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;
/** C0 and C1 controls but the tab and the line breaks (judged apart), and DEL. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F\u0080-\u0084\u0086-\u009F]/;
/** The bidirectional formatting characters: embeddings, overrides, isolates and the marks. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** The code of the first forbidden character of `text`, or null. */
export function textIssue(text: string, singleLine: boolean): 'nul_character' | 'line_break' | 'control_character' | 'bidi_control' | null {
  if (NUL.test(text)) return 'nul_character';
  if (singleLine && LINE_BREAK.test(text)) return 'line_break';
  if (CONTROL.test(text)) return 'control_character';
  if (BIDI.test(text)) return 'bidi_control';
  return null;
}

const checked = (schema: z.ZodString, singleLine: boolean) =>
  schema.superRefine((value, ctx) => {
    const issue = textIssue(value, singleLine);
    if (issue) ctx.addIssue({ code: 'custom', message: issue });
  });

/** A text on one line (trimmed), between `min` and `max` characters. */
export const singleLineText = ({ min = 1, max = 200 }: { min?: number; max?: number } = {}) => checked(z.string().trim().min(min).max(max), true);

/** A text of several lines (trimmed), between `min` and `max` characters. */
export const multiLineText = ({ min = 1, max = 2000 }: { min?: number; max?: number } = {}) => checked(z.string().trim().min(min).max(max), false);
