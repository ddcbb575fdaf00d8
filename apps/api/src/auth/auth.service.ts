import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { UnitOfWork, UserEntity } from '#persistence';

import { z } from 'zod';
import { AuthError } from './auth.errors.js';
import { hashPassword, parseOrThrow, verifyPassword, type Actor } from '#application';

export const loginSchema = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(200) });

export interface TokenClaims {
  sub: string;
  role: string;
}

// Verifying against a fixed hash when the e-mail is unknown keeps the answer time the same: no user enumeration.
const DUMMY_HASH = hashPassword('timing-equaliser');

@Injectable()
export class AuthService {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(JwtService) private readonly jwt: JwtService,
  ) {}

  async login(body: unknown): Promise<{ accessToken: string; user: ReturnType<typeof toUserResponse> }> {
    const { email, password } = parseOrThrow(loginSchema, body);
    const user = await this.uow.read((m) => m.findOneBy(UserEntity, { email }));
    const ok = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), password);
    if (!user || !ok) throw new AuthError('invalid_credentials');
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role } satisfies TokenClaims);
    return { accessToken, user: toUserResponse(user) };
  }

  /** The actor behind a token, re-read from the database so that a removed user or changed role counts at once. */
  async actorFromToken(token: string): Promise<{ actor: Actor; user: UserEntity }> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new AuthError('unauthenticated');
    }
    const user = await this.uow.read((m) => m.findOneBy(UserEntity, { id: claims.sub }));
    if (!user) throw new AuthError('unauthenticated');
    return {
      user,
      actor: { userId: user.id, role: user.role, communeInsee: user.communeInsee, epciSiren: user.epciSiren, pole: user.pole },
    };
  }
}

export function toUserResponse(user: UserEntity) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    communeInsee: user.communeInsee,
    epciSiren: user.epciSiren,
    pole: user.pole,
  };
}
