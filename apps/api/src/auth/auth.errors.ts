export class AuthError extends Error {
  constructor(
    readonly code: 'unauthenticated' | 'invalid_credentials',
    readonly status = 401,
  ) {
    super(code);
  }
}
