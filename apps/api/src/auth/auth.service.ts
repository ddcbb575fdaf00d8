import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { z } from 'zod';
import { AuthenticateUseCase, CatalogueQueries, type Actor, type User } from '#application';
import { type LoginResponse, type User as UserResponse } from '#contracts';
import { epciCouncilFr, epciDisplayName, epciNatureFr } from '#documents';
import { AuthError } from './auth.errors.js';
import { LoginLockout } from './login-lockout.js';

/** Who issues the tokens and who they are for: both are required and checked. */
export const JWT_ISSUER = 'alacarte';
export const JWT_AUDIENCE = 'alacarte-api';
export const JWT_LIFETIME_SECONDS = 12 * 3600;

/**
 * The claims of a token, checked after its signature: a string `sub`, the user's session version `sv`, and
 * the required `exp`, `aud` and `iss`. Anything else (a missing or object `sub`…) is a 401, never a 500.
 */
export const tokenClaimsSchema = z.object({
  sub: z.string().min(1).max(64),
  role: z.string(),
  sv: z.number().int().min(0),
  iat: z.number(),
  exp: z.number(),
  aud: z.literal(JWT_AUDIENCE),
  iss: z.literal(JWT_ISSUER),
});
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

/** What the api signs; `iat`, `exp`, `aud` and `iss` are added by the JwtModule's sign options. */
export const claimsOf = (user: Pick<User, 'id' | 'role' | 'sessionVersion'>) => ({ sub: user.id, role: user.role, sv: user.sessionVersion });

@Injectable()
export class AuthService {
  constructor(
    private readonly authenticate: AuthenticateUseCase,
    private readonly catalogue: CatalogueQueries,
    private readonly lockout: LoginLockout,
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

  /** Checks the account's lockout first (any e-mail, known or not: no enumeration), then the password. */
  async login(body: unknown): Promise<LoginResponse> {
    const email = accountOf(body);
    if (email) {
      const retryAfter = await this.lockout.lockedFor(email);
      if (retryAfter > 0) throw new AuthError('account_locked', 429, retryAfter);
    }
    const user = await this.authenticate.execute(body);
    if (!user) {
      if (email) await this.lockout.failed(email);
      throw new AuthError('invalid_credentials');
    }
    await this.lockout.succeeded(user.email);
    const accessToken = await this.jwt.signAsync(claimsOf(user));
    return { accessToken, user: await this.userResponse(user) };
  }

  /** The actor behind a token, re-read from the database so that a removed user, a changed role or a revoked session counts at once. */
  async actorFromToken(token: string): Promise<{ actor: Actor; user: User }> {
    let claims: TokenClaims;
    try {
      claims = tokenClaimsSchema.parse(await this.jwt.verifyAsync<Record<string, unknown>>(token));
    } catch {
      throw new AuthError('unauthenticated');
    }
    const user = await this.authenticate.user(claims.sub);
    if (!user || user.sessionVersion !== claims.sv) throw new AuthError('unauthenticated');
    return {
      user,
      actor: { userId: user.id, role: user.role, communeInsee: user.communeInsee, epciSiren: user.epciSiren, pole: user.pole },
    };
  }
}

/** The e-mail a login body names, normalised as the command does, or null if it names none. */
function accountOf(body: unknown): string | null {
  const email = (body as { email?: unknown } | null)?.email;
  return typeof email === 'string' && email.length <= 254 ? email.trim().toLowerCase() : null;
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
