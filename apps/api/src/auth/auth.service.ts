import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthenticateUseCase, CatalogueQueries, type Actor, type User } from '#application';
import { type LoginResponse, type User as UserResponse } from '#contracts';
import { epciCouncilFr, epciDisplayName, epciNatureFr } from '#documents';
import { AuthError } from './auth.errors.js';

export interface TokenClaims {
  sub: string;
  role: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly authenticate: AuthenticateUseCase,
    private readonly catalogue: CatalogueQueries,
    @Inject(JwtService) private readonly jwt: JwtService,
  ) {}

  /** The user as the UI shows it, with the EPCI's real name, its nature and what its council is called. */
  async userResponse(user: User): Promise<UserResponse> {
    const epci = user.epciSiren ? await this.catalogue.epci({ userId: user.id, role: user.role, communeInsee: user.communeInsee, epciSiren: user.epciSiren, pole: user.pole }, user.epciSiren) : null;
    return {
      ...toUserResponse(user),
      epci: epci && { siren: epci.siren, name: epciDisplayName(epci.name), nature: epci.nature, natureLabel: epciNatureFr(epci.nature), councilLabel: epciCouncilFr(epci.nature) },
    };
  }

  async login(body: unknown): Promise<LoginResponse> {
    const user = await this.authenticate.execute(body);
    if (!user) throw new AuthError('invalid_credentials');
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role } satisfies TokenClaims);
    return { accessToken, user: await this.userResponse(user) };
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
