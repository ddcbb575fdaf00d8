// The attachments' form without a browser: its kinds and limit are the contract's, and the server's refusals go
// next to the field they concern (the file's type or size next to the file).
import * as contract from '#contracts';
import { ApiError } from '../src/api';
import { ATTACHMENT_KIND_LABELS_FR, ATTACHMENT_KINDS, ATTACHMENT_MEDIA_TYPES, fileTooLarge, MAX_ATTACHMENT_SIZE_FR, placeAttachmentErrors } from '../src/lib/attachments';

const CONTRACT_MAX = contract.MAX_ATTACHMENT_BYTES;

describe('the attachments form', () => {
  it('offers the contract’s kinds with its labels, its file types and its size limit: the server’s very definitions', () => {
    expect(ATTACHMENT_KINDS).toBe(contract.ATTACHMENT_KINDS);
    expect(ATTACHMENT_KIND_LABELS_FR).toBe(contract.ATTACHMENT_KIND_LABELS_FR);
    expect(ATTACHMENT_MEDIA_TYPES).toBe(contract.ATTACHMENT_MEDIA_TYPES);
    expect(MAX_ATTACHMENT_SIZE_FR).toBe('20 Mo');
  });

  it('puts a 415 or a 413 next to the file, and a 400’s issues next to their fields', () => {
    const refused = new ApiError(415, 'unsupported_attachment_type', 'Ce fichier n’est ni un PDF…');
    expect(placeAttachmentErrors(refused)).toEqual({ fields: { file: 'Ce fichier n’est ni un PDF…' }, general: null, code: 'unsupported_attachment_type' });
    expect(placeAttachmentErrors(new ApiError(413, 'attachment_too_large', 'Trop gros')).fields.file).toBe('Trop gros');
    const invalid = new ApiError(400, 'invalid_input', 'Certaines informations…', [
      { field: 'number', code: 'required', message: 'Indiquez le numéro de la délibération.' },
      { field: 'transmittedOn', code: 'transmitted_before_deliberation', message: 'La transmission…' },
    ]);
    expect(placeAttachmentErrors(invalid)).toMatchObject({ fields: { number: 'Indiquez le numéro de la délibération.', transmittedOn: 'La transmission…' }, general: null });
  });

  it('refuses a file over 20 MB before sending it', () => {
    expect(fileTooLarge({ size: CONTRACT_MAX })).toBeNull();
    expect(fileTooLarge({ size: CONTRACT_MAX + 1 })?.fields.file).toContain('20 Mo');
    expect(fileTooLarge(null)).toBeNull();
  });
});
