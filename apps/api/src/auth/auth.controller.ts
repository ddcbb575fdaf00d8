import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type User } from '#application';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Request, type Response } from 'express';
import { Public } from './auth.decorators.js';
import { AUTH_COOKIE } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './login.dto.js';

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
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ description: '{ accessToken } and an httpOnly cookie for the browser.' })
  async login(@Body() body: unknown, @Res({ passthrough: true }) response: Response) {
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
  logout(@Res({ passthrough: true }) response: Response): void {
    response.clearCookie(AUTH_COOKIE, { path: '/' });
  }

  @Get('me')
  me(@Req() request: Request & { user: User }) {
    return this.auth.userResponse(request.user);
  }
}
