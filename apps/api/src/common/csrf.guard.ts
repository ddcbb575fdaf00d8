// CSRF with the cookie: a browser sends the cookie with any request another site makes it send, and a form may
// post urlencoded, multipart or text/plain without a preflight. So every write carries a JSON body or none (415
// otherwise; the upload of an attachment alone takes multipart/form-data), and a write without a bearer token (the cookie's) is refused when the browser says it comes
// from another site: a foreign `Origin`, or `Sec-Fetch-Site: cross-site` (403 `cross_site_request`).
// Express middleware, ahead of the body parsers and of the AuthGuard: the bearer is told from the cookie by
// the Authorization header alone.
import { type NextFunction, type Request, type Response } from 'express';
import { ERROR_MESSAGES_FR } from './error-messages.fr.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const refuse = (response: Response, status: number, code: string) => response.status(status).json({ code, message: ERROR_MESSAGES_FR[code] });

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The one write that takes a multipart form: an upload of a file to an adhesion. A form may be posted cross-site
 * without a preflight, so it stays behind `sameOriginWrites` like every other write.
 */
export const MULTIPART_ROUTE = /^\/api\/adhesions\/[^/]+\/attachments\/?$/;

const multipartAllowed = (request: Request) => request.method === 'POST' && MULTIPART_ROUTE.test(request.path) && Boolean(request.is('multipart/form-data'));

/** 415 `unsupported_media_type` for a write whose body (or declared type) is not JSON (a multipart upload where allowed). */
export function jsonBodiesOnly(request: Request, response: Response, next: NextFunction): void {
  if (!WRITES.has(request.method)) return next();
  const type = request.headers['content-type'];
  if ((type !== undefined || hasBody(request)) && !request.is(['application/json', 'application/*+json']) && !multipartAllowed(request)) {
    return void refuse(response, 415, 'unsupported_media_type');
  }
  next();
}

/** 403 `cross_site_request` for a write without a bearer token that another site made the browser send. */
export function sameOriginWrites(publicUrl: string) {
  const trusted = originOf(publicUrl);
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!WRITES.has(request.method) || request.headers.authorization?.startsWith('Bearer ')) return next();
    if (request.headers['sec-fetch-site'] === 'cross-site') return void refuse(response, 403, 'cross_site_request');
    const origin = request.headers.origin;
    if (origin !== undefined) {
      const own = originOf(`${request.protocol}://${request.headers.host ?? ''}`);
      if (origin !== trusted && origin !== own) return void refuse(response, 403, 'cross_site_request');
    }
    next();
  };
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The deepest nesting a JSON body may have: the contracts need 4, anything deeper is an attack. */
export const MAX_JSON_DEPTH = 32;

/**
 * body-parser's `verify`: refuses a body nested deeper than MAX_JSON_DEPTH before it is parsed, so that
 * nothing downstream (the idempotency hash's JSON.stringify, zod) recurses through it. One pass over the bytes.
 */
export function limitJsonDepth(_request: unknown, _response: unknown, body: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw Object.assign(new Error('JSON nested too deep'), { status: 400, type: 'entity.too.deep' });
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}
