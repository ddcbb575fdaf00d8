// The typed client of the À la carte API. The shapes mirror libs/application's responses; the server
// decides every rule, this module only carries requests and turns error bodies into `ApiError`.
// The browser sends the httpOnly cookie set at login, so no token is ever handled here.

export type Role = 'secretary' | 'agent' | 'dgs' | 'admin';

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  communeInsee: string | null;
  epciSiren: string | null;
  pole: string | null;
  /** The user's EPCI: its real name, its nature, and what its council is called. */
  epci: { siren: string; name: string; nature: string; natureLabel: string; councilLabel: string } | null;
}

export interface ServiceOption {
  code: string;
  label: string;
}

export interface Service {
  code: string;
  name: string;
  pole: string;
  description: string;
  unitCode: string;
  unitLabel: string;
  unitLabelPlural: string;
  options: ServiceOption[];
  actWeights: Record<string, string> | null;
  noticePeriodMonths: number;
  renewalWindowDays: number;
  reminderOffsets: number[];
  costModel: 'unit' | 'keys';
  keyBasis: KeyBasis | null;
  /** `fixed`: each member's percentage by INSEE code; `mixed`: the weight of each basis. */
  keyParameters: Record<string, string> | null;
  /** The legal basis the EPCI chose for this service. */
  legalBasis: 'mise_a_disposition' | 'service_commun' | 'service_unifie';
  epciSiren: string;
  /** The year of the costs below: this year on the server's clock. */
  year: number;
  unitCostCents: number | null;
  totalCostCents: number | null;
}

export type KeyBasis = 'population' | 'forecastUnits' | 'fixed' | 'mixed';

export interface ServicePatch {
  name?: string;
  description?: string;
  noticePeriodMonths?: number;
  renewalWindowDays?: number;
  reminderOffsets?: number[];
}

export type UnitCostBody = { unitCostCents: number } | { totalCostCents: number };

export interface Commune {
  insee: string;
  siren: string;
  name: string;
  population: number | null;
  epciSiren: string | null;
}

export interface Epci {
  siren: string;
  name: string;
  nature: string;
}

export interface CommuneWithEpci extends Commune {
  epci: Epci | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type FieldType = 'text' | 'longtext' | 'date' | 'integer' | 'cents' | 'decimal' | 'boolean' | 'enum' | 'terms';

export interface EventField {
  name: string;
  type: FieldType;
  required: boolean;
  label: string;
  options?: ReadonlyArray<{ value: string; label: string }>;
}

export interface AllowedAction {
  type: string;
  label: string;
  fields: readonly EventField[];
}

export interface NextDeadline {
  kind: string;
  label: string;
  at: string;
  cycle: number;
}

export interface AdhesionSummary {
  id: string;
  version: number;
  commune: { insee: string; name: string };
  service: { code: string; name: string };
  state: string;
  stateLabel: string;
  nextDeadline: NextDeadline | null;
  forecastUnits: number;
  contractYear: number;
  startDate: string | null;
  updatedAt: string;
}

export type Party = 'commune' | 'epci';

export interface Terms {
  unitCostCents: number;
  forecastUnits: number;
  description: string;
}

export interface AdhesionDetails {
  noticePeriodMonths: number;
  renewalWindowDays: number;
  study: { forecastUnits: number; staffImpact: boolean; notes?: string } | null;
  openQuestion: string | null;
  proposal: { unitCostCents: number; forecastUnits: number; startDate: string; validUntil: string } | null;
  cstOpinion: { opinion: 'favourable' | 'unfavourable'; date: string } | null;
  deliberations: Partial<Record<Party, { outcome: 'adopted' | 'refused'; number: string; date: string }>>;
  signatures: Partial<Record<Party, { signatoryName: string; signatoryQuality: string; date: string }>>;
  startDate: string | null;
  year: number;
  terms: Terms | null;
  renewal: { plannedUnits: number } | null;
  amendment: { proposedBy: Party; terms: Terms } | null;
  notice: { party: Party; reason: string; givenOn: string; effectiveDate: string } | null;
  closingReason: string | null;
}

export interface Adhesion extends AdhesionSummary {
  service: { code: string; name: string; unitLabel: string; unitLabelPlural: string; pole: string };
  options: string[];
  stateDetail: Array<{ id: string; label: string }>;
  details: AdhesionDetails;
  allowedActions: AllowedAction[];
  createdAt: string;
}

export interface HistoryEntry {
  sequence: number;
  event: string;
  label: string;
  payload: Record<string, unknown>;
  actorId: string | null;
  role: string;
  fromState: string | null;
  fromStateLabel: string | null;
  toState: string;
  toStateLabel: string;
  at: string;
}

interface EstimateBase {
  year: number;
  serviceCode: string;
  costModel: 'unit' | 'keys';
  unitLabelPlural: string;
}

export type Estimate =
  | (EstimateBase & { available: false; reason: string })
  | (EstimateBase & { available: true; unitCostCents: number | null; forecastUnits: number; annualAmountCents: number })
  | (EstimateBase & {
      available: true;
      keyBasis: KeyBasis | null;
      totalCostCents: number | null;
      /** All the EPCI's members for its people; a commune sees its own share only. */
      shares: Array<{ communeInsee: string; communeName: string; key: string | null; amountCents: number; self: boolean }>;
      annualAmountCents: number;
    });

export interface WorkflowState {
  id: string;
  label: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  parent: string | null;
}

export interface WorkflowDescription {
  machineVersion: number;
  initial: string;
  states: WorkflowState[];
  transitions: Array<{ from: string; to: string; event: string }>;
  events: Array<{ type: string; label: string; roles: string[]; time: boolean; fields: EventField[] }>;
  mermaid: string;
  roles: Record<string, string>;
}

export interface AppNotification {
  id: string;
  ledgerId: string;
  userId: string;
  adhesionId: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage extends Page<AppNotification> {
  unread: number;
}

export interface InboxItem extends AdhesionSummary {
  waitingFor: 'epci' | 'commune';
  waitingSince: string;
  /** Working days (Paris, public holidays excluded) since the item started waiting, when the server counts them. */
  workingDaysWaiting?: number;
  overdue: boolean;
  actions: Array<{ type: string; label: string }>;
}

export interface Inbox {
  items: InboxItem[];
}

export interface ServiceMember {
  adhesionId: string;
  communeInsee: string;
  communeName: string;
  population: number | null;
  state: string;
  stateLabel: string;
  forecastUnits: number;
  amountCents: number;
  sharePercent: number;
}

export interface ServiceMembers {
  service: { code: string; name: string; costModel: 'unit' | 'keys'; unitLabelPlural: string };
  year: number;
  unitCostCents: number | null;
  totalCostCents: number | null;
  members: ServiceMember[];
  totalCents: number;
}

export interface CalendarEvent {
  date: string;
  kind: string;
  label: string;
  adhesionId: string;
  communeName: string;
  serviceName: string;
}

export interface AnnualReport {
  year: number;
  byServiceAndState: Array<{ serviceCode: string; serviceName: string; state: string; stateLabel: string; count: number }>;
  amounts: Array<{ serviceCode: string; serviceName: string; annualAmountCents: number }>;
  communesCovered: number;
  communesTotal: number;
  activeAdhesions: number;
}

export interface Health {
  status: string;
  clock?: { mode: string; now: string };
}

export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

/** An error answer of the API: a stable `code`, a French `message`, and for a 400 the field issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** True for a route the server does not have (yet): the UI shows an empty state instead of an error. */
export function isMissingEndpoint(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && error.code === 'route_not_found';
}

let onUnauthenticated: () => void = () => undefined;
/** Called when a request answers 401 (expired or removed session): the app goes back to the login page. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; query?: Query } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Le serveur est injoignable. Vérifiez votre connexion puis réessayez.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) {
    const data = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const code = typeof data.code === 'string' ? data.code : response.status === 404 ? 'route_not_found' : 'http_error';
    const message = typeof data.message === 'string' ? data.message : `Erreur ${response.status}.`;
    const issues = Array.isArray(data.issues) ? (data.issues as FieldIssue[]) : [];
    if (response.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') onUnauthenticated();
    throw new ApiError(response.status, code, message, issues, data);
  }
  return body as T;
}

const enc = encodeURIComponent;

export const api = {
  health: () => request<Health>('GET', '/health'),
  workflow: () => request<WorkflowDescription>('GET', '/api/workflow'),

  login: (email: string, password: string) => request<{ accessToken: string; user: User }>('POST', '/api/auth/login', { body: { email, password } }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  /** The current user, or null without a valid session. */
  me: async (): Promise<User | null> => {
    try {
      return await request<User>('GET', '/api/auth/me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },

  services: () => request<Service[]>('GET', '/api/services'),
  updateService: (code: string, patch: ServicePatch) => request<Service>('PATCH', `/api/services/${enc(code)}`, { body: patch }),
  setUnitCost: (code: string, year: number, body: UnitCostBody) =>
    request<unknown>('PUT', `/api/services/${enc(code)}/unit-costs/${year}`, { body }),
  serviceMembers: (code: string, year: number) =>
    request<ServiceMembers>('GET', `/api/services/${enc(code)}/members`, { query: { year } }),

  communes: (query: { q?: string; page?: number; pageSize?: number } = {}) => request<Page<Commune>>('GET', '/api/communes', { query }),
  commune: (insee: string) => request<CommuneWithEpci>('GET', `/api/communes/${enc(insee)}`),

  adhesions: (query: { state?: string; commune?: string; service?: string; deadlineBefore?: string; page?: number; pageSize?: number; sort?: string } = {}) =>
    request<Page<AdhesionSummary>>('GET', '/api/adhesions', { query }),
  /** Every page of a filtered list (the API caps a page at 200). */
  allAdhesions: async (query: { state?: string; commune?: string; service?: string } = {}): Promise<AdhesionSummary[]> => {
    const items: AdhesionSummary[] = [];
    for (let page = 1; ; page += 1) {
      const result = await api.adhesions({ ...query, page, pageSize: 200 });
      items.push(...result.items);
      if (items.length >= result.total || result.items.length === 0) return items;
    }
  },
  adhesion: (id: string) => request<Adhesion>('GET', `/api/adhesions/${enc(id)}`),
  createAdhesion: (body: { communeInsee: string; serviceCode: string; options: string[]; forecastUnits: number }) =>
    request<Adhesion>('POST', '/api/adhesions', { body }),
  updateDraft: (id: string, version: number, body: { options?: string[]; forecastUnits?: number }) =>
    request<Adhesion>('PATCH', `/api/adhesions/${enc(id)}`, { body, headers: { 'If-Match': `"${version}"` } }),
  /** Sends one event; `If-Match` makes a stale page a 409 instead of a silent overwrite. */
  sendEvent: (id: string, version: number, event: { type: string } & Record<string, unknown>) =>
    request<Adhesion>('POST', `/api/adhesions/${enc(id)}/events`, { body: event, headers: { 'If-Match': `"${version}"` } }),
  history: (id: string) => request<HistoryEntry[]>('GET', `/api/adhesions/${enc(id)}/history`),
  estimate: (id: string) => request<Estimate>('GET', `/api/adhesions/${enc(id)}/estimate`),
  documentUrl: (id: string, kind: 'convention' | 'proposal' | 'annual-statement') => `/api/adhesions/${enc(id)}/documents/${kind}.pdf`,

  inbox: () => request<Inbox>('GET', '/api/inbox'),
  calendarEvents: (from: string, to: string) => request<CalendarEvent[]>('GET', '/api/calendar/events', { query: { from, to } }),
  createCalendarToken: () => request<{ url: string }>('POST', '/api/calendar/token'),
  revokeCalendarToken: () => request<void>('DELETE', '/api/calendar/token'),
  annualReport: (year: number) => request<AnnualReport>('GET', '/api/reports/annual', { query: { year } }),

  notifications: (query: { unread?: boolean; page?: number; pageSize?: number } = {}) =>
    request<NotificationPage>('GET', '/api/notifications', {
      query: { unread: query.unread === undefined ? undefined : String(query.unread), page: query.page, pageSize: query.pageSize },
    }),
  markNotificationRead: (id: string) => request<AppNotification>('POST', `/api/notifications/${enc(id)}/read`),
  markAllNotificationsRead: () => request<{ marked: number }>('POST', '/api/notifications/read-all'),
};
