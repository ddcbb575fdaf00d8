import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type User } from '#application';
import { ApiTags } from '@nestjs/swagger';
import { authenticateCommand, loginResponseSchema, userSchema, type LoginResponse, type User as UserResponse } from '#contracts';
import { type Request, type Response } from 'express';
import { Public } from './auth.decorators.js';
import { AUTH_COOKIE } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { Contract, WHEN } from '../openapi/contract.decorator.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Rate-limited per client address (see bootstrap.ts): a few attempts a minute. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @Contract({
    operationId: 'login',
    summary: 'Log in',
    description: 'Rate-limited per client address: a few attempts a minute.',
    public: true,
    body: authenticateCommand,
    ok: loginResponseSchema,
    okDescription: 'A bearer token and the user; the browser also gets the token as an httpOnly cookie (`alacarte_token`).',
    errors: {
      400: 'Invalid input (`invalid_input`, `malformed_json`).',
      401: 'Wrong e-mail or password, without saying which (`invalid_credentials`).',
      413: 'The body is too large (`payload_too_large`).',
      429: 'Too many attempts from this address (`too_many_requests`).',
    },
  })
  async login(@Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<LoginResponse> {
    const result = await this.auth.login(body);
    response.cookie(AUTH_COOKIE, result.accessToken, {
      httpOnly: true,
      sameSite: 'strict',
      // Over HTTPS in production; plain HTTP on a developer's machine.
      secure: this.config.env === 'production',
      path: '/',
      maxAge: 12 * 3_600_000,
    });
    return result;
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @Contract({ operationId: 'logout', summary: 'Log out of the browser', public: true, status: 204, ok: null, okDescription: 'The cookie is cleared.', errors: { 400: WHEN.malformed } })
  logout(@Res({ passthrough: true }) response: Response): void {
    response.clearCookie(AUTH_COOKIE, { path: '/' });
  }

  @Get('me')
  @Contract({ operationId: 'getCurrentUser', summary: 'Read the logged-in user', ok: userSchema, okDescription: 'The caller, with its EPCI.' })
  me(@Req() request: Request & { user: User }): Promise<UserResponse> {
    return this.auth.userResponse(request.user);
  }
}
