import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthenticateUseCase, type Actor, type User } from '#application';
import { AuthError } from './auth.errors.js';

export interface TokenClaims {
  sub: string;
  role: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly authenticate: AuthenticateUseCase,
    @Inject(JwtService) private readonly jwt: JwtService,
  ) {}

  async login(body: unknown): Promise<{ accessToken: string; user: ReturnType<typeof toUserResponse> }> {
    const user = await this.authenticate.execute(body);
    if (!user) throw new AuthError('invalid_credentials');
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role } satisfies TokenClaims);
    return { accessToken, user: toUserResponse(user) };
  }

  /** The actor behind a token, re-read from the database so that a removed user or changed role counts at once. */
  async actorFromToken(token: string): Promise<{ actor: Actor; user: User }> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new AuthError('unauthenticated');
    }
    const user = await this.authenticate.user(claims.sub);
    if (!user) throw new AuthError('unauthenticated');
    return {
      user,
      actor: { userId: user.id, role: user.role, communeInsee: user.communeInsee, epciSiren: user.epciSiren, pole: user.pole },
    };
  }
}

export function toUserResponse(user: User) {
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
