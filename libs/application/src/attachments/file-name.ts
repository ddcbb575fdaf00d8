// The name a file arrived with is the client's word: kept for people to recognise it, never trusted. No path, no
// control or bidirectional character, none of the characters a file system or a header refuses, at most 120
// characters, and the extension of the type its bytes showed (a « rapport.pdf » that is a PNG becomes
// « rapport.pdf.png »), so that whoever downloads it opens it with the right program.
import { type AttachmentMediaType } from '#contracts';

export const EXTENSION_OF: Readonly<Record<AttachmentMediaType, string>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

const MAX_LENGTH = 120;

export function sanitiseFileName(original: string | undefined, mediaType: AttachmentMediaType): string {
  const extension = EXTENSION_OF[mediaType];
  const base = (original ?? '')
    .normalize('NFC')
    // Only the last segment of a path (a browser may send C:\fakepath\scan.pdf).
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[<>:"|?*;]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const ownExtension = /\.([A-Za-z0-9]{1,5})$/.exec(base)?.[1]?.toLowerCase();
  const matches = ownExtension === extension || (extension === 'jpg' && ownExtension === 'jpeg');
  const stem = (matches ? base.slice(0, base.length - ownExtension!.length - 1) : base) || 'piece-jointe';
  const suffix = `.${matches ? ownExtension : extension}`;
  return `${[...stem].slice(0, MAX_LENGTH - suffix.length).join('').trimEnd()}${suffix}`;
}
