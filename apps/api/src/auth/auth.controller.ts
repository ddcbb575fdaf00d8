import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { APP_CONFIG, DemoCredentials, SessionsUseCase, type Actor, type AppConfig, type User } from '#application';
import { ApiTags } from '@nestjs/swagger';
import {
  authenticateCommand,
  changePasswordCommand,
  demoAccountsSchema,
  loginResponseSchema,
  userSchema,
  type DemoAccounts,
  type LoginResponse,
  type User as UserResponse,
} from '#contracts';
import { NotFound } from '#workflow';
import { type Request, type Response } from 'express';
import { AuthError } from './auth.errors.js';
import { CurrentActor, Public } from './auth.decorators.js';
import { authCookieName, servedOverHttps, tokenOf } from './auth.guard.js';
import { AuthService, JWT_LIFETIME_SECONDS } from './auth.service.js';
import { Contract, WHEN } from '../openapi/contract.decorator.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsUseCase,
    private readonly demo: DemoCredentials,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Rate-limited per client address (see bootstrap.ts), and locked per account after repeated failures. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @Contract({
    operationId: 'login',
    summary: 'Log in',
    description:
      'Rate-limited per client address: a few attempts a minute. After 5 failures for one account, from any address, the account is locked for 30 s, doubling with each further failure up to 15 min.',
    public: true,
    body: authenticateCommand,
    ok: loginResponseSchema,
    okDescription:
      'A bearer token and the user; the browser also gets the token as an httpOnly cookie (`alacarte_token` over HTTP, `__Host-alacarte_token` over HTTPS).',
    errors: {
      400: 'Invalid input (`invalid_input`, `malformed_json`).',
      401: 'Wrong e-mail or password, without saying which (`invalid_credentials`).',
      413: 'The body is too large (`payload_too_large`).',
      429: 'Too many attempts from this address (`too_many_requests`), or for this account (`account_locked`, with Retry-After).',
    },
  })
  async login(@Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<LoginResponse> {
    let result: LoginResponse;
    try {
      result = await this.auth.login(body);
    } catch (error) {
      if (error instanceof AuthError && error.retryAfterSeconds) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
    response.cookie(authCookieName(this.config), result.accessToken, {
      httpOnly: true,
      sameSite: 'strict',
      // Over HTTPS (then with the __Host- prefix); plain HTTP on a developer's machine.
      secure: servedOverHttps(this.config),
      path: '/',
      maxAge: JWT_LIFETIME_SECONDS * 1000,
    });
    return result;
  }

  /** Public, so that a browser with a stale cookie can still clear it; a valid token is revoked with all its siblings. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @Contract({
    operationId: 'logout',
    summary: 'Log out everywhere',
    description: 'Revokes every token of the user (bearer and cookie, on every device) when the request carries a valid one, and clears the cookie.',
    public: true,
    status: 204,
    ok: null,
    okDescription: 'The user’s tokens are revoked and the cookie is cleared.',
    errors: { 400: WHEN.malformed },
  })
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const token = tokenOf(request, this.config);
    if (token) {
      const user = await this.auth.actorFromToken(token).then(
        (a) => a.user,
        () => null,
      );
      if (user) await this.sessions.revokeAll(user.id);
    }
    response.clearCookie(authCookieName(this.config), { path: '/', httpOnly: true, sameSite: 'strict', secure: servedOverHttps(this.config) });
  }

  @Post('password')
  @HttpCode(204)
  @Contract({
    operationId: 'changePassword',
    summary: 'Change one’s password',
    description: 'With the current password. The new one has at least 12 characters and is not a common one. Every token of the user is revoked: log in again.',
    body: changePasswordCommand,
    status: 204,
    ok: null,
    okDescription: 'Changed; every token of the user is revoked and the cookie is cleared.',
    errors: { 400: 'Invalid input: a wrong current password (`wrong_password`), a short or common new one (`too_small`, `too_common`).', 403: 'The system has no password (`forbidden`).', 413: WHEN.tooLarge },
  })
  async changePassword(@CurrentActor() actor: Actor, @Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.sessions.changePassword(actor, body);
    response.clearCookie(authCookieName(this.config), { path: '/', httpOnly: true, sameSite: 'strict', secure: servedOverHttps(this.config) });
  }

  @Public()
  @Get('demo-accounts')
  @Contract({
    operationId: 'listDemoAccounts',
    summary: 'The demo accounts and their passwords',
    description: 'Only in demo mode (ALACARTE_SEED_DEMO, never in production), for the login page: the passwords are random, drawn when the demo was seeded.',
    public: true,
    ok: demoAccountsSchema,
    okDescription: 'The demo accounts, one per role.',
    errors: { 404: 'Not in demo mode (`not_found`).' },
  })
  demoAccounts(): DemoAccounts {
    const accounts = this.demo.list();
    if (!accounts) throw new NotFound('No demo accounts: not in demo mode');
    return accounts;
  }

  @Get('me')
  @Contract({ operationId: 'getCurrentUser', summary: 'Read the logged-in user', ok: userSchema, okDescription: 'The caller, with its EPCI.' })
  me(@Req() request: Request & { user: User }): Promise<UserResponse> {
    return this.auth.userResponse(request.user);
  }
}
