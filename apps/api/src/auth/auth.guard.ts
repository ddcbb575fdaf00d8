// Every route needs a valid token (bearer for clients, httpOnly cookie for the browser) unless marked @Public.
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Request } from 'express';
import { AuthError } from './auth.errors.js';
import { IS_PUBLIC } from './auth.decorators.js';
import { AuthService } from './auth.service.js';

export const AUTH_COOKIE = 'alacarte_token';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request & { actor?: unknown; user?: unknown }>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : (request.cookies?.[AUTH_COOKIE] as string | undefined);
    if (!token) throw new AuthError('unauthenticated');
    const { actor, user } = await this.auth.actorFromToken(token);
    request.actor = actor;
    request.user = user;
    return true;
  }
}
