// The access matrix: every route × every role × own vs another commune or EPCI, asserted status by status,
// on both databases. A secretary reaches her commune, an agent the services of its pole in its EPCI, a DGS
// its EPCI, the admin reads everything and sends no events; what is out of scope is "not found", never
// "forbidden", so that its existence does not leak.
import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { CreateUserUseCase, ImportReferenceUseCase } from '#application';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { DEMO, startTestApp, type DemoAccount, type TestApp } from '../../../test/support/test-app.js';

const EPCI = '244900015'; // Angers Loire Métropole, the demo EPCI
const OTHER_EPCI = '200071876'; // CA Saumur Val de Loire (@etalab/decoupage-administratif), 45 communes
const AVRILLE = '49015';
const TRELAZE = '49353';
const SAUMUR = '49328'; // a commune of the other EPCI
const ANGERS_COMMUNES = 29;
const SAUMUR_COMMUNES = 45;

/** The accounts of the other EPCI, created with the admin use cases (there is no admin HTTP route yet). */
const OTHER_ACCOUNTS = {
  saumur: { email: 'secretaire@ville-saumur.fr', password: 'access-secretaire', role: 'secretary', commune: SAUMUR },
  saumurAgent: { email: 'ads@agglo-saumur.fr', password: 'access-agent', role: 'agent', epci: OTHER_EPCI, pole: 'urbanisme' },
  saumurDgs: { email: 'dgs@agglo-saumur.fr', password: 'access-dgs-password', role: 'dgs', epci: OTHER_EPCI },
} as const;

// The demo's own Saumur accounts are covered by access-tools.e2e-spec.ts; this matrix brings its own.
type Role = Exclude<DemoAccount, 'saumurDgs' | 'doue'> | keyof typeof OTHER_ACCOUNTS;
const ROLES: Role[] = ['avrille', 'trelaze', 'agent', 'dgs', 'admin', 'saumur', 'saumurAgent', 'saumurDgs'];
/** Callers without a valid token: none, garbage, signed with another secret, unsigned, or of no existing user. */
type Intruder = 'anonymous' | 'garbage' | 'forged' | 'unsigned' | 'unknownUser';
const INTRUDERS: Intruder[] = ['anonymous', 'garbage', 'forged', 'unsigned', 'unknownUser'];
type Who = Role | Intruder;
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';
/** [who, method, path ({name} stands for the id of a set-up adhesion), expected status, body]. */
type Case = [Who, Method, string, number, object?];

/**
 * The adhesions set up before the matrix runs, through the API. Each is the target of at most one successful
 * event, so that no row depends on the order of the others.
 */
type AdhesionName = 'avrilleAds' | 'avrillePaie' | 'avrilleArchives' | 'avrilleInfo' | 'trelazeAds' | 'saumurAds';
const ADHESIONS: AdhesionName[] = ['avrilleAds', 'avrillePaie', 'avrilleArchives', 'avrilleInfo', 'trelazeAds', 'saumurAds'];

/** Who reads which adhesion (GET /:id, /history, /estimate) and sees it in the list: 200, or 404. */
// prettier-ignore
const SEES: Record<Role, Record<AdhesionName, 200 | 404>> = {
  //           ADS, urbanisme  PAIE, RH          ARCHIVES, m-g        INFORMATIQUE, m-g   Trélazé ADS       Saumur ADS
  avrille:     { avrilleAds: 200, avrillePaie: 200, avrilleArchives: 200, avrilleInfo: 200, trelazeAds: 404, saumurAds: 404 },
  trelaze:     { avrilleAds: 404, avrillePaie: 404, avrilleArchives: 404, avrilleInfo: 404, trelazeAds: 200, saumurAds: 404 },
  agent:       { avrilleAds: 200, avrillePaie: 404, avrilleArchives: 404, avrilleInfo: 404, trelazeAds: 200, saumurAds: 404 },
  dgs:         { avrilleAds: 200, avrillePaie: 200, avrilleArchives: 200, avrilleInfo: 200, trelazeAds: 200, saumurAds: 404 },
  admin:       { avrilleAds: 200, avrillePaie: 200, avrilleArchives: 200, avrilleInfo: 200, trelazeAds: 200, saumurAds: 200 },
  saumur:      { avrilleAds: 404, avrillePaie: 404, avrilleArchives: 404, avrilleInfo: 404, trelazeAds: 404, saumurAds: 200 },
  saumurAgent: { avrilleAds: 404, avrillePaie: 404, avrilleArchives: 404, avrilleInfo: 404, trelazeAds: 404, saumurAds: 200 },
  saumurDgs:   { avrilleAds: 404, avrillePaie: 404, avrilleArchives: 404, avrilleInfo: 404, trelazeAds: 404, saumurAds: 200 },
};

/** Who reads which commune (GET /api/communes/:insee). */
// prettier-ignore
const SEES_COMMUNE: Record<Role, Record<string, 200 | 404>> = {
  avrille:     { [AVRILLE]: 200, [TRELAZE]: 404, [SAUMUR]: 404 },
  trelaze:     { [AVRILLE]: 404, [TRELAZE]: 200, [SAUMUR]: 404 },
  agent:       { [AVRILLE]: 200, [TRELAZE]: 200, [SAUMUR]: 404 },
  dgs:         { [AVRILLE]: 200, [TRELAZE]: 200, [SAUMUR]: 404 },
  admin:       { [AVRILLE]: 200, [TRELAZE]: 200, [SAUMUR]: 200 },
  saumur:      { [AVRILLE]: 404, [TRELAZE]: 404, [SAUMUR]: 200 },
  saumurAgent: { [AVRILLE]: 404, [TRELAZE]: 404, [SAUMUR]: 200 },
  saumurDgs:   { [AVRILLE]: 404, [TRELAZE]: 404, [SAUMUR]: 200 },
};

/** What GET /api/communes lists for each role: its commune, its EPCI's communes, or all of them. */
const COMMUNE_SCOPE: Record<Role, { total: number; epci?: string; insee?: string }> = {
  avrille: { total: 1, insee: AVRILLE },
  trelaze: { total: 1, insee: TRELAZE },
  agent: { total: ANGERS_COMMUNES, epci: EPCI },
  dgs: { total: ANGERS_COMMUNES, epci: EPCI },
  admin: { total: ANGERS_COMMUNES + SAUMUR_COMMUNES },
  saumur: { total: 1, insee: SAUMUR },
  saumurAgent: { total: SAUMUR_COMMUNES, epci: OTHER_EPCI },
  saumurDgs: { total: SAUMUR_COMMUNES, epci: OTHER_EPCI },
};

/** Whose EPCI a role belongs to: its catalogue, costs, members and reports are the ones it reaches. */
const EPCI_OF: Record<Role, string | null> = {
  avrille: EPCI, trelaze: EPCI, agent: EPCI, dgs: EPCI, admin: null, saumur: OTHER_EPCI, saumurAgent: OTHER_EPCI, saumurDgs: OTHER_EPCI,
};
const KEEPS_CATALOGUE = (role: Role) => role === 'dgs' || role === 'saumurDgs';
/** What each DGS sets as its 2026 ADS unit cost in the matrix; the test after it checks nobody else's changed. */
const COST_SET_BY: Partial<Record<Role, number>> = { dgs: 18_500, saumurDgs: 16_900 };

/**
 * The DGS's tools, for two EPCIs × every role: each caller reaches its own EPCI's catalogue, unit costs,
 * members, reports, inbox and calendar and never the other's; only a DGS changes its catalogue; the admin,
 * who belongs to no EPCI, names one (without it: 400).
 */
const TOOL_CASES: Case[] = ROLES.flatMap((role): Case[] => {
  const admin = role === 'admin';
  const write = admin ? 400 : KEEPS_CATALOGUE(role) ? 200 : 403;
  return [
    [role, 'GET', '/api/services/ADS/members', admin ? 400 : 200],
    [role, 'PATCH', '/api/services/ADS', write, { description: `Modifié par ${role}` }],
    [role, 'PUT', '/api/services/ADS/unit-costs/2026', write, { unitCostCents: COST_SET_BY[role] ?? 1 }],
    [role, 'GET', '/api/reports/annual', admin ? 400 : 200],
    [role, 'GET', '/api/inbox', 200],
    [role, 'GET', '/api/calendar/events?from=2026-01-01&to=2026-12-31', 200],
    [role, 'GET', `/api/epcis/${EPCI}`, admin || EPCI_OF[role] === EPCI ? 200 : 404],
    [role, 'GET', `/api/epcis/${OTHER_EPCI}`, admin || EPCI_OF[role] === OTHER_EPCI ? 200 : 404],
  ];
});
TOOL_CASES.push(
  ['admin', 'GET', `/api/services/ADS/members?epci=${OTHER_EPCI}`, 200],
  ['admin', 'GET', `/api/reports/annual?epci=${EPCI}`, 200],
  ['admin', 'PATCH', `/api/services/ADS?epci=${OTHER_EPCI}`, 200, { description: 'Modifié par l’administrateur' }],
);

const ACK = { type: 'ACKNOWLEDGE' };
const SUBMIT = { type: 'SUBMIT' };
const REQUEST_INFO = { type: 'REQUEST_INFO', question: 'Combien de permis de construire par an ?' };
const SUBMIT_STUDY = { type: 'SUBMIT_STUDY', forecastUnits: 10, staffImpact: false };
const delib = (party: 'commune' | 'epci') => ({ type: 'RECORD_DELIBERATION', party, outcome: 'adopted', number: 'DEL-2026-001', date: '2026-01-05' });
const draft = (communeInsee: string, serviceCode: string) => ({ communeInsee, serviceCode, options: [], forecastUnits: 5 });

/** Every route behind a login, with a body that would be valid for someone allowed. */
const PROTECTED: Array<[Method, string, object?]> = [
  ['GET', '/api/auth/me'],
  ['GET', '/api/services'],
  ['GET', '/api/communes'],
  ['GET', `/api/communes/${AVRILLE}`],
  ['POST', '/api/adhesions', draft(AVRILLE, 'ACHATS')],
  ['GET', '/api/adhesions'],
  ['GET', '/api/adhesions/{avrilleAds}'],
  ['PATCH', '/api/adhesions/{avrillePaie}', { forecastUnits: 2 }],
  ['POST', '/api/adhesions/{avrilleAds}/events', ACK],
  ['GET', '/api/adhesions/{avrilleAds}/history'],
  ['GET', '/api/adhesions/{avrilleAds}/estimate'],
];

const PUBLIC_CASES: Case[] = [...INTRUDERS, ...ROLES].flatMap((who): Case[] => [
  [who, 'GET', '/health', 200],
  [who, 'GET', '/api/workflow', 200],
]);

const UNAUTHENTICATED_CASES: Case[] = INTRUDERS.flatMap((who) => PROTECTED.map(([method, path, body]): Case => [who, method, path, 401, body]));

const CATALOGUE_CASES: Case[] = [
  // Each caller reads its own EPCI's catalogue; the admin, who has none, names one.
  ...ROLES.map((role): Case => [role, 'GET', '/api/services', role === 'admin' ? 400 : 200]),
  ['admin', 'GET', '/api/services?epci=244900015', 200],
  ...ROLES.map((role): Case => [role, 'GET', '/api/communes', 200]),
  ...ROLES.flatMap((role) => Object.entries(SEES_COMMUNE[role]).map(([insee, status]): Case => [role, 'GET', `/api/communes/${insee}`, status])),
  ['admin', 'GET', '/api/communes/00000', 404],
  ['dgs', 'GET', '/api/communes/00000', 404],
];

const READ_CASES: Case[] = [
  ...['', '/history', '/estimate'].flatMap((suffix) =>
    ROLES.flatMap((role) => ADHESIONS.map((name): Case => [role, 'GET', `/api/adhesions/{${name}}${suffix}`, SEES[role][name]])),
  ),
  ['admin', 'GET', '/api/adhesions/00000000-0000-4000-8000-000000000000', 404],
  ['dgs', 'GET', '/api/adhesions/00000000-0000-4000-8000-000000000000/history', 404],
  ['avrille', 'GET', '/api/adhesions/not-an-id/estimate', 404],
];

// prettier-ignore
const CREATE_CASES: Case[] = [
  ['avrille',     'POST', '/api/adhesions', 201, draft(AVRILLE, 'RECRUTEMENT')],
  ['avrille',     'POST', '/api/adhesions', 404, draft(TRELAZE, 'RECRUTEMENT')], // another commune of her EPCI
  ['avrille',     'POST', '/api/adhesions', 404, draft(SAUMUR, 'RECRUTEMENT')],  // a commune of another EPCI
  ['trelaze',     'POST', '/api/adhesions', 404, draft(AVRILLE, 'RECRUTEMENT')],
  ['saumur',      'POST', '/api/adhesions', 201, draft(SAUMUR, 'RECRUTEMENT')],
  ['saumur',      'POST', '/api/adhesions', 404, draft(AVRILLE, 'ACHATS')],
  ['agent',       'POST', '/api/adhesions', 403, draft(AVRILLE, 'ACHATS')],
  ['agent',       'POST', '/api/adhesions', 403, draft(SAUMUR, 'ACHATS')],
  ['saumurAgent', 'POST', '/api/adhesions', 403, draft(SAUMUR, 'ACHATS')],
  ['admin',       'POST', '/api/adhesions', 403, draft(AVRILLE, 'ACHATS')],
  ['dgs',         'POST', '/api/adhesions', 201, draft(TRELAZE, 'CARRIERES')],
  ['dgs',         'POST', '/api/adhesions', 404, draft(SAUMUR, 'CARRIERES')],
  ['saumurDgs',   'POST', '/api/adhesions', 201, draft(SAUMUR, 'CARRIERES')],
  ['saumurDgs',   'POST', '/api/adhesions', 404, draft(AVRILLE, 'CARRIERES')],
];

// avrillePaie is a draft (editable); avrilleAds is submitted (no longer editable).
// prettier-ignore
const PATCH_CASES: Case[] = [
  ['avrille',     'PATCH', '/api/adhesions/{avrillePaie}', 200, { forecastUnits: 6 }],
  ['dgs',         'PATCH', '/api/adhesions/{avrillePaie}', 200, { forecastUnits: 7 }],
  ['trelaze',     'PATCH', '/api/adhesions/{avrillePaie}', 404, { forecastUnits: 1 }],
  ['agent',       'PATCH', '/api/adhesions/{avrillePaie}', 404, { forecastUnits: 1 }], // not its pole
  ['admin',       'PATCH', '/api/adhesions/{avrillePaie}', 403, { forecastUnits: 1 }],
  ['saumur',      'PATCH', '/api/adhesions/{avrillePaie}', 404, { forecastUnits: 1 }],
  ['saumurAgent', 'PATCH', '/api/adhesions/{avrillePaie}', 404, { forecastUnits: 1 }],
  ['saumurDgs',   'PATCH', '/api/adhesions/{avrillePaie}', 404, { forecastUnits: 1 }],
  ['agent',       'PATCH', '/api/adhesions/{avrilleAds}',  403, { forecastUnits: 1 }], // sees it, may not edit
  ['trelaze',     'PATCH', '/api/adhesions/{avrilleAds}',  404, { forecastUnits: 1 }],
  ['avrille',     'PATCH', '/api/adhesions/{avrilleAds}',  409, { forecastUnits: 1 }], // hers, but no longer a draft
  ['saumurDgs',   'PATCH', '/api/adhesions/{saumurAds}',   200, { forecastUnits: 8 }],
  ['dgs',         'PATCH', '/api/adhesions/{saumurAds}',   404, { forecastUnits: 1 }],
];

// The only successful event on each adhesion: SUBMIT on avrilleInfo (draft), ACKNOWLEDGE on avrilleArchives
// (submitted), REQUEST_INFO on trelazeAds (under study). avrilleAds stays submitted.
// prettier-ignore
const EVENT_CASES: Case[] = [
  ['avrille',     'POST', '/api/adhesions/{avrilleInfo}/events',     200, SUBMIT],
  ['dgs',         'POST', '/api/adhesions/{avrilleArchives}/events', 200, ACK],
  ['agent',       'POST', '/api/adhesions/{trelazeAds}/events',      200, REQUEST_INFO],
  // in scope, but not this role's event
  ['avrille',     'POST', '/api/adhesions/{avrilleAds}/events',      403, ACK],
  ['avrille',     'POST', '/api/adhesions/{avrilleAds}/events',      403, delib('epci')],
  ['dgs',         'POST', '/api/adhesions/{avrilleAds}/events',      403, delib('commune')],
  ['dgs',         'POST', '/api/adhesions/{avrilleAds}/events',      403, SUBMIT],
  ['agent',       'POST', '/api/adhesions/{avrilleAds}/events',      403, ACK],
  ['agent',       'POST', '/api/adhesions/{avrilleAds}/events',      403, SUBMIT],
  ['trelaze',     'POST', '/api/adhesions/{trelazeAds}/events',      403, REQUEST_INFO],
  ['admin',       'POST', '/api/adhesions/{avrilleAds}/events',      403, ACK],
  ['admin',       'POST', '/api/adhesions/{avrilleInfo}/events',     403, SUBMIT],
  ['admin',       'POST', '/api/adhesions/{trelazeAds}/events',      403, REQUEST_INFO],
  ['admin',       'POST', '/api/adhesions/{saumurAds}/events',       403, ACK],
  // out of scope: not found, whatever the event, even one the role could send, even an unknown one
  ['trelaze',     'POST', '/api/adhesions/{avrilleAds}/events',      404, SUBMIT],
  ['trelaze',     'POST', '/api/adhesions/{avrilleAds}/events',      404, { type: 'NOT_AN_EVENT' }],
  ['avrille',     'POST', '/api/adhesions/{trelazeAds}/events',      404, delib('commune')],
  ['agent',       'POST', '/api/adhesions/{avrillePaie}/events',     404, SUBMIT_STUDY],
  ['agent',       'POST', '/api/adhesions/{avrilleArchives}/events', 404, REQUEST_INFO],
  ['agent',       'POST', '/api/adhesions/{saumurAds}/events',       404, REQUEST_INFO],
  ['dgs',         'POST', '/api/adhesions/{saumurAds}/events',       404, ACK],
  ['saumur',      'POST', '/api/adhesions/{avrilleAds}/events',      404, SUBMIT],
  ['saumurAgent', 'POST', '/api/adhesions/{avrilleAds}/events',      404, REQUEST_INFO],
  ['saumurDgs',   'POST', '/api/adhesions/{avrilleAds}/events',      404, ACK],
  ['saumurDgs',   'POST', '/api/adhesions/{trelazeAds}/events',      404, REQUEST_INFO],
];

const CODE_OF_STATUS: Record<number, string> = { 400: 'invalid_input', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'transition_not_allowed' };

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(DATABASE_KINDS)('the access matrix, on %s', (kind) => {
  let t: TestApp;
  const tokens = {} as Record<Who, string | undefined>;
  const ids = {} as Record<AdhesionName, string>;

  const url = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name as AdhesionName] ?? name);
  const auth = (who: Who): Record<string, string> => (tokens[who] === undefined ? {} : { authorization: `Bearer ${tokens[who]}` });

  function call(who: Who, method: Method, path: string, body?: object) {
    const target = url(path);
    const req = method === 'GET' ? t.http.get(target) : method === 'POST' ? t.http.post(target) : method === 'PUT' ? t.http.put(target) : t.http.patch(target);
    req.set(auth(who));
    return body === undefined ? req : req.send(body);
  }

  async function ok(who: Role, method: Method, path: string, status: number, body?: object) {
    const res = await call(who, method, path, body);
    if (res.status !== status) throw new Error(`set-up ${method} ${path} by ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function login(email: string, password: string): Promise<string> {
    const res = await t.http.post('/api/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    for (const account of Object.keys(DEMO) as DemoAccount[]) tokens[account as Role] = t.tokens[account];

    // Another EPCI, with its secretary, its ADS agent and its DGS.
    await t.app.get(ImportReferenceUseCase).epci(OTHER_EPCI);
    for (const [account, user] of Object.entries(OTHER_ACCOUNTS)) {
      await t.app.get(CreateUserUseCase).execute(user, t.clock.now().toISOString());
      tokens[account as Role] = await login(user.email, user.password);
    }

    // Tokens that must not open anything.
    const adminId = JSON.parse(Buffer.from(tokens.admin!.split('.')[1], 'base64url').toString()).sub as string;
    const header = base64url({ alg: 'HS256', typ: 'JWT' });
    const claims = base64url({ sub: adminId, role: 'admin', iat: Math.floor(Date.now() / 1000) });
    const signature = createHmac('sha256', 'not-the-secret').update(`${header}.${claims}`).digest('base64url');
    tokens.garbage = 'not-a-jwt';
    tokens.forged = `${header}.${claims}.${signature}`;
    tokens.unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${claims}.`;
    tokens.unknownUser = await t.app.get(JwtService, { strict: false }).signAsync({ sub: '00000000-0000-4000-8000-000000000000', role: 'admin' });

    // The adhesions, through the API.
    ids.avrilleAds = (await ok('avrille', 'POST', '/api/adhesions', 201, { ...draft(AVRILLE, 'ADS'), options: ['PC'] })).id;
    await ok('avrille', 'POST', '/api/adhesions/{avrilleAds}/events', 200, SUBMIT);
    ids.avrillePaie = (await ok('avrille', 'POST', '/api/adhesions', 201, draft(AVRILLE, 'PAIE'))).id;
    ids.avrilleArchives = (await ok('avrille', 'POST', '/api/adhesions', 201, draft(AVRILLE, 'ARCHIVES'))).id;
    await ok('avrille', 'POST', '/api/adhesions/{avrilleArchives}/events', 200, SUBMIT);
    ids.avrilleInfo = (await ok('dgs', 'POST', '/api/adhesions', 201, draft(AVRILLE, 'INFORMATIQUE'))).id;
    ids.trelazeAds = (await ok('trelaze', 'POST', '/api/adhesions', 201, draft(TRELAZE, 'ADS'))).id;
    await ok('trelaze', 'POST', '/api/adhesions/{trelazeAds}/events', 200, SUBMIT);
    await ok('dgs', 'POST', '/api/adhesions/{trelazeAds}/events', 200, ACK);
    ids.saumurAds = (await ok('saumur', 'POST', '/api/adhesions', 201, draft(SAUMUR, 'ADS'))).id;
  });
  afterAll(() => t?.close());

  describe.each([
    ['public routes', PUBLIC_CASES],
    ['no valid token', UNAUTHENTICATED_CASES],
    ['catalogue', CATALOGUE_CASES],
    ['the DGS’s tools, two EPCIs', TOOL_CASES],
    ['reading adhesions', READ_CASES],
    ['creating adhesions', CREATE_CASES],
    ['editing drafts', PATCH_CASES],
    ['sending events', EVENT_CASES],
  ] as Array<[string, Case[]]>)('%s', (_, cases) => {
    const rows = cases.map(([who, method, path, status, body]): [Who, Method, string, string, number, object | undefined] => [
      who, method, path, body ? JSON.stringify(body) : '', status, body,
    ]);
    it.each(rows)('%s %s %s %s → %i', async (who, method, path, _body, status, body) => {
      const res = await call(who, method, path, body);
      expect({ status: res.status, code: res.status >= 400 ? res.body?.code : undefined }).toEqual({ status, code: CODE_OF_STATUS[status] });
      const single = /^\/api\/adhesions\/\{(\w+)\}$/.exec(path);
      if (status === 200 && method === 'GET' && single) expect(res.body.id).toBe(ids[single[1] as AdhesionName]);
      if (status === 201) expect(res.body).toMatchObject({ state: 'draft', version: 1 });
    });
  });

  it('keeps what each DGS set in its own EPCI: each reads back its own ADS cost, never the other’s', async () => {
    for (const role of ['dgs', 'saumurDgs', 'avrille', 'saumur'] as const) {
      const services = (await ok(role, 'GET', '/api/services', 200)) as Array<{ code: string; epciSiren: string; unitCostCents: number }>;
      const ads = services.find((service) => service.code === 'ADS')!;
      expect(ads.epciSiren).toBe(EPCI_OF[role]);
      expect(ads.unitCostCents).toBe(EPCI_OF[role] === EPCI ? COST_SET_BY.dgs : COST_SET_BY.saumurDgs);
    }
  });

  describe('GET /api/adhesions lists exactly the caller’s scope', () => {
    // The set-up adhesions each role sees, from SEES; the ones the create cases may add are checked by scope.
    const inScope: Record<Role, (item: { commune: { insee: string }; service: { code: string } }) => boolean> = {
      avrille: (a) => a.commune.insee === AVRILLE,
      trelaze: (a) => a.commune.insee === TRELAZE,
      agent: (a) => a.commune.insee !== SAUMUR && a.service.code === 'ADS',
      dgs: (a) => a.commune.insee !== SAUMUR,
      admin: () => true,
      saumur: (a) => a.commune.insee === SAUMUR,
      saumurAgent: (a) => a.commune.insee === SAUMUR && a.service.code === 'ADS',
      saumurDgs: (a) => a.commune.insee === SAUMUR,
    };

    it.each(ROLES)('for %s', async (role) => {
      const res = await call(role, 'GET', '/api/adhesions?pageSize=200');
      expect(res.status).toBe(200);
      const items = res.body.items as Array<{ id: string; commune: { insee: string }; service: { code: string } }>;
      const known = new Map(ADHESIONS.map((name) => [ids[name], name]));
      const seen = items.filter((a) => known.has(a.id)).map((a) => known.get(a.id)!);
      expect(seen.sort()).toEqual(ADHESIONS.filter((name) => SEES[role][name] === 200).sort());
      expect(items.filter((a) => !inScope[role](a))).toEqual([]);
      expect(res.body.total).toBe(items.length);
    });

    it.each([
      ['avrille', `commune=${TRELAZE}`],
      ['avrille', `commune=${SAUMUR}`],
      ['trelaze', 'service=PAIE'],
      ['agent', 'service=PAIE'],
      ['agent', `commune=${SAUMUR}`],
      ['dgs', `commune=${SAUMUR}`],
      ['saumurDgs', `commune=${AVRILLE}`],
    ] as Array<[Role, string]>)('for %s, filtered with ?%s outside its scope: nothing', async (role, query) => {
      const res = await call(role, 'GET', `/api/adhesions?${query}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ items: [], total: 0 });
    });
  });

  describe('GET /api/communes lists exactly the caller’s scope', () => {
    it.each(ROLES)('for %s', async (role) => {
      const res = await call(role, 'GET', '/api/communes?pageSize=500');
      expect(res.status).toBe(200);
      const scope = COMMUNE_SCOPE[role];
      const items = res.body.items as Array<{ insee: string; epciSiren: string | null }>;
      expect(res.body.total).toBe(scope.total);
      expect(items).toHaveLength(scope.total);
      if (scope.insee) expect(items.map((c) => c.insee)).toEqual([scope.insee]);
      if (scope.epci) expect(items.filter((c) => c.epciSiren !== scope.epci)).toEqual([]);
    });

    it.each([
      ['avrille', 'Trélazé'],
      ['saumurDgs', 'Avrillé'],
    ] as Array<[Role, string]>)('for %s, searching ?q=%s outside its scope: nothing', async (role, q) => {
      const res = await call(role, 'GET', `/api/communes?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ items: [], total: 0 });
    });
  });
});
