// The refusals of an upload that are not a field's: the file's type, judged by its bytes (415), and its size (413).
import { DomainError } from '#workflow';

/** The bytes are not a PDF, a JPEG or a PNG, whatever the name or the declared type say. */
export class AttachmentTypeRefused extends DomainError {
  readonly code = 'unsupported_attachment_type';
}

/** The file is larger than MAX_ATTACHMENT_BYTES. */
export class AttachmentTooLarge extends DomainError {
  readonly code = 'attachment_too_large';
}
