// Every route needs a valid token (bearer for clients, httpOnly cookie for the browser) unless marked @Public.
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Request } from 'express';
import { APP_CONFIG, type AppConfig } from '#application';
import { AuthError } from './auth.errors.js';
import { IS_PUBLIC } from './auth.decorators.js';
import { AuthService } from './auth.service.js';

/** The cookie over plain HTTP (a developer's machine). */
export const AUTH_COOKIE = 'alacarte_token';
/** The cookie over HTTPS: the `__Host-` prefix makes the browser require Secure, path=/ and no Domain. */
export const SECURE_AUTH_COOKIE = '__Host-alacarte_token';

/** Whether the app is served over HTTPS: in production, or when PUBLIC_URL is https. */
export const servedOverHttps = (config: AppConfig) => config.env === 'production' || config.publicUrl.startsWith('https:');
export const authCookieName = (config: AppConfig) => (servedOverHttps(config) ? SECURE_AUTH_COOKIE : AUTH_COOKIE);

/** The token of a request: the bearer, else the cookie. */
export function tokenOf(request: Request, config: AppConfig): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : (request.cookies?.[authCookieName(config)] as string | undefined);
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request & { actor?: unknown; user?: unknown }>();
    const token = tokenOf(request, this.config);
    if (!token) throw new AuthError('unauthenticated');
    const { actor, user } = await this.auth.actorFromToken(token);
    request.actor = actor;
    request.user = user;
    return true;
  }
}
