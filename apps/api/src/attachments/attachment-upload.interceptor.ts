// Reads the multipart form of an upload with multer, after the AuthGuard (a stranger's body is never parsed):
// one file, in the field `file`, kept in memory up to MAX_ATTACHMENT_BYTES and not one byte more, and a few short
// text fields (the metadata). A body announced larger than the file's limit and the form's overhead is refused
// before it is read; a file found larger while reading stops the reading. Every refusal is a JSON error of the
// API (413 `attachment_too_large`, 400 `invalid_input` with the field), never a 500.
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { type Request, type Response } from 'express';
import multer from 'multer';
import { from, type Observable, switchMap } from 'rxjs';
import { ATTACHMENT_FILE_FIELD, MAX_ATTACHMENT_BYTES } from '#contracts';
import { AttachmentTooLarge } from '#application';
import { InvalidInput } from '#workflow';

/** What the text fields and the multipart framing may add to the file. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const readForm = multer({
  storage: multer.memoryStorage(),
  // The file's name as browsers send it: UTF-8 (busboy's default would read it as Latin-1).
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 10, fieldSize: 1_000, fieldNameSize: 50, parts: 11, headerPairs: 50 },
}).single(ATTACHMENT_FILE_FIELD);

const too = (field: string, code: string, message: string) => new InvalidInput('Invalid multipart form', { issues: [{ field, code, message }] });

/** multer's and busboy's refusals, as the API's errors. */
export function uploadError(error: unknown): Error {
  if (error instanceof multer.MulterError) {
    switch (error.code) {
      case 'LIMIT_FILE_SIZE':
        return new AttachmentTooLarge('Attachment too large', { maxBytes: MAX_ATTACHMENT_BYTES });
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_UNEXPECTED_FILE':
        return too('file', 'unexpected_file', `Joignez un seul fichier, dans le champ « ${ATTACHMENT_FILE_FIELD} ».`);
      default:
        return too('(body)', 'too_many_fields', 'Le formulaire contient trop de champs, ou des champs trop longs.');
    }
  }
  return too('(body)', 'malformed_multipart', 'Le formulaire envoyé est incomplet ou mal formé (multipart/form-data attendu).');
}

@Injectable()
export class AttachmentUploadInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    return from(this.read(request, response)).pipe(switchMap(() => next.handle()));
  }

  private read(request: Request, response: Response): Promise<void> {
    const announced = Number(request.headers['content-length']);
    if (Number.isFinite(announced) && announced > MAX_ATTACHMENT_BYTES + MULTIPART_OVERHEAD_BYTES) {
      // Not read at all: the connection closes after the answer instead of draining the body.
      response.setHeader('Connection', 'close');
      return Promise.reject(new AttachmentTooLarge('Attachment too large', { maxBytes: MAX_ATTACHMENT_BYTES }));
    }
    return new Promise((resolve, reject) => readForm(request, response, (error: unknown) => (error ? reject(uploadError(error)) : resolve())));
  }
}
