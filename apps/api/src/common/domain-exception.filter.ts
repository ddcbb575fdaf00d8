// The one place where errors become HTTP answers: `{ code, message, ...details }`, a stable English code and
// a French message. Bad input is never a 500, and no stack trace ever leaves the process.
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { type Response } from 'express';
import { AttachmentTooLarge, AttachmentTypeRefused, IdempotencyKeyReused, InvalidCursor, InvalidPrecondition } from '#application';
import {
  Conflict,
  DomainError,
  Forbidden,
  InvalidInput,
  NotFound,
  RuleViolation,
  SnapshotIncompatible,
  StaleVersion,
  TransitionNotAllowed,
} from '#workflow';
import { ERROR_MESSAGES_FR, FIELD_ISSUES_FR } from './error-messages.fr.js';
import { AuthError } from '../auth/auth.errors.js';
import { isDatabaseBusy } from '#persistence';

const STATUS_OF: Array<[new (...args: never[]) => DomainError, number]> = [
  [TransitionNotAllowed, HttpStatus.CONFLICT],
  [StaleVersion, HttpStatus.CONFLICT],
  [Conflict, HttpStatus.CONFLICT],
  [NotFound, HttpStatus.NOT_FOUND],
  [Forbidden, HttpStatus.FORBIDDEN],
  [InvalidInput, HttpStatus.BAD_REQUEST],
  [InvalidPrecondition, HttpStatus.BAD_REQUEST],
  [InvalidCursor, HttpStatus.BAD_REQUEST],
  [IdempotencyKeyReused, HttpStatus.UNPROCESSABLE_ENTITY],
  [RuleViolation, HttpStatus.UNPROCESSABLE_ENTITY],
  [AttachmentTypeRefused, HttpStatus.UNSUPPORTED_MEDIA_TYPE],
  [AttachmentTooLarge, HttpStatus.PAYLOAD_TOO_LARGE],
  [SnapshotIncompatible, HttpStatus.INTERNAL_SERVER_ERROR],
];

@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toHttp(error);
    if (status >= 500 && status !== 503) this.logger.error((error as Error)?.stack ?? String(error));
    if (status === 503 && !response.headersSent) response.setHeader('Retry-After', '1');
    if (!response.headersSent) response.status(status).json(body);
  }

  toHttp(error: unknown): { status: number; body: Record<string, unknown> } {
    // Another process holds the SQLite file's lock: a moment's wait, not a failure of ours.
    if (isDatabaseBusy(error)) return { status: 503, body: { code: 'database_busy', message: ERROR_MESSAGES_FR.database_busy } };
    if (error instanceof AuthError) {
      return { status: error.status, body: { code: error.code, message: ERROR_MESSAGES_FR[error.code] } };
    }
    if (error instanceof DomainError) {
      const status = STATUS_OF.find(([type]) => error instanceof type)?.[1] ?? HttpStatus.BAD_REQUEST;
      const details = { ...error.details };
      const code = error instanceof Conflict && typeof details.reason === 'string' ? details.reason : error.code;
      delete details.reason;
      delete details.cause;
      if (Array.isArray(details.issues)) {
        // A rule's issue states the rule itself (with its dates or values); a format issue gets its sentence here.
        details.issues = (details.issues as Array<{ field: string; code: string; message?: string }>).map((issue) => ({
          ...issue,
          message: issue.message ?? FIELD_ISSUES_FR[issue.code] ?? 'Valeur invalide.',
        }));
      }
      const message = ERROR_MESSAGES_FR[code] ?? ERROR_MESSAGES_FR[error.code];
      return { status, body: { code, message, ...details } };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      // Express's body parser: a JSON syntax error arrives as a 400 whose cause is the SyntaxError.
      if (status === 400 && (error.cause as { type?: string } | undefined)?.type === 'entity.too.deep') {
        return { status, body: { code: 'json_too_deep', message: ERROR_MESSAGES_FR.json_too_deep } };
      }
      if (status === 400 && error.cause instanceof SyntaxError) {
        return { status, body: { code: 'malformed_json', message: ERROR_MESSAGES_FR.malformed_json } };
      }
      const code =
        status === 404 ? 'route_not_found' : status === 413 ? 'payload_too_large' : status === 429 ? 'too_many_requests' : status === 401 ? 'unauthenticated' : status >= 500 ? 'internal_error' : 'invalid_input';
      return { status, body: { code, message: ERROR_MESSAGES_FR[code] } };
    }
    // body-parser's errors carry a status: a malformed JSON body is the client's fault, not ours.
    const e = error as { status?: number; type?: string };
    if (e?.type === 'entity.parse.failed') return { status: 400, body: { code: 'malformed_json', message: ERROR_MESSAGES_FR.malformed_json } };
    if (e?.type === 'entity.too.deep') return { status: 400, body: { code: 'json_too_deep', message: ERROR_MESSAGES_FR.json_too_deep } };
    if (e?.type === 'entity.too.large') return { status: 413, body: { code: 'payload_too_large', message: ERROR_MESSAGES_FR.payload_too_large } };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      return { status: e.status, body: { code: 'invalid_input', message: ERROR_MESSAGES_FR.invalid_input } };
    }
    return { status: 500, body: { code: 'internal_error', message: ERROR_MESSAGES_FR.internal_error } };
  }
}
