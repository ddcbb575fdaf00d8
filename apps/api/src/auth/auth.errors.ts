export class AuthError extends Error {
  constructor(
    readonly code: 'unauthenticated' | 'invalid_credentials' | 'account_locked',
    readonly status = 401,
    /** With `account_locked`: the seconds before the next attempt is allowed (the controller sends Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
  }
}
