// The typed client of the À la carte API. The server decides every rule (whose move it is, the documents of a
// step, the amounts, the final states); this module only carries requests and turns error bodies into `ApiError`.
// The browser sends the httpOnly cookie set at login, so no token is ever handled here.

// Every shape is the contract's (libs/contracts): the server answers exactly these, and the e2e tier checks it.
import type {
  Adhesion,
  AdhesionPage,
  AdhesionSummary,
  AdhesionUsage,
  Attachment,
  AdhesionYearMoney,
  AnnualReport,
  CalendarEvent,
  CalendarFeed,
  ChangePasswordCommand,
  CommuneWithEpci,
  Commune,
  ContestUnitsBody,
  CreateAdhesionBody,
  DemoAccounts,
  Estimate,
  ExportTable,
  FieldIssue,
  Health,
  HistoryEntry,
  Inbox,
  ListAdhesionsParams,
  ListCommunesParams,
  LoginResponse,
  MarkedRead,
  Notification,
  NotificationPage,
  NotificationPreview,
  NotificationTemplate,
  NotificationTemplateList,
  Page,
  RecordUnitsBody,
  SendEventBody,
  Service,
  ServiceMembers,
  ServiceSettings,
  SetUnitCostBody,
  UnitCost,
  UnitCostNotification,
  UpdateDraftBody,
  UpdateServiceBody,
  UsageRecordResponse,
  User,
  UserRole,
  WorkflowDescription,
  YearStatements,
  RenewConventionBody,
} from '#contracts';

export type {
  NotificationPreview,
  NotificationTemplate,
  Adhesion,
  AdhesionPage,
  AdhesionDetails,
  AdhesionUsage,
  AdhesionYearMoney,
  AdhesionSummary,
  AllowedAction,
  AnnualReport,
  Attachment,
  AttachmentKind,
  AvailableDocument,
  CalendarEvent,
  Commune,
  CommuneWithEpci,
  DemoAccounts,
  DocumentKind,
  Epci,
  Estimate,
  EventField,
  ExportTable,
  FieldIssue,
  FieldType,
  Health,
  HistoryEntry,
  Inbox,
  InboxItem,
  KeyBasis,
  NextDeadline,
  NotificationPage,
  Page,
  Party,
  Service,
  ServiceMember,
  ServiceMembers,
  ServiceOption,
  ServiceSettings,
  StatementRow,
  Terms,
  UnitCostNotification,
  User,
  WorkflowDescription,
  WorkflowState,
  YearStatements,
} from '#contracts';
export type Role = UserRole;
export type UsageRecord = UsageRecordResponse;
/** One period of a convention's year, as GET /api/adhesions/:id/money gives it. */
export type PeriodMoney = AdhesionYearMoney['periods'][number];
export type UsageAuditRow = AdhesionUsage['audit'][number];
export type AppNotification = Notification;
export type ServicePatch = UpdateServiceBody;
export type UnitCostBody = SetUnitCostBody;

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

type Query = Record<string, unknown>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(
  method: string,
  path: string,
  options: { body?: unknown; form?: FormData; headers?: Record<string, string>; query?: Query } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  // A form (an upload) sets its own multipart content type, with its boundary.
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
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

/**
 * Where a file is downloaded: a plain link (the browser sends the session cookie, as for the PDFs of
 * `availableDocuments`), so that the browser saves it under the name the server gives.
 */
export const downloads = {
  annualStatement: (id: string, year: number) => withQuery(`/api/adhesions/${enc(id)}/documents/annual-statement.pdf`, { year }),
  statementsCsv: (year: number, table: ExportTable) => withQuery('/api/reports/statements.csv', { year, table }),
  statementsXlsx: (year: number) => withQuery('/api/reports/statements.xlsx', { year }),
};

export const api = {
  health: () => request<Health>('GET', '/health'),
  workflow: () => request<WorkflowDescription>('GET', '/api/workflow'),

  login: (email: string, password: string) => request<LoginResponse>('POST', '/api/auth/login', { body: { email, password } }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  /** 204; the server then revokes every session of the user and clears the cookie. */
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/api/auth/password', { body: { currentPassword, newPassword } satisfies ChangePasswordCommand }),
  /** The demo accounts and their generated passwords, or null outside demo mode (404). */
  demoAccounts: async (): Promise<DemoAccounts | null> => {
    try {
      return await request<DemoAccounts>('GET', '/api/auth/demo-accounts');
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },
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

  notificationTemplates: () => request<NotificationTemplateList>('GET', '/api/notification-templates'),
  /** 422 `rule_violated` with the field issues for an unknown or malformed variable; 409 `template_changed`. */
  saveNotificationTemplate: (kind: string, body: { subject: string; body: string; version: number }) =>
    request<NotificationTemplate>('PUT', `/api/notification-templates/${enc(kind)}`, { body }),
  resetNotificationTemplate: (kind: string, version: number) =>
    request<NotificationTemplate>('DELETE', `/api/notification-templates/${enc(kind)}`, { query: { version } }),
  previewNotificationTemplate: (kind: string, body: { subject?: string; body?: string; adhesionId?: string }) =>
    request<NotificationPreview>('POST', `/api/notification-templates/${enc(kind)}/preview`, { body }),
  updateService: (code: string, patch: UpdateServiceBody) => request<ServiceSettings>('PATCH', `/api/services/${enc(code)}`, { body: patch }),
  setUnitCost: (code: string, year: number, body: SetUnitCostBody) =>
    request<UnitCost>('PUT', `/api/services/${enc(code)}/unit-costs/${year}`, { body }),
  /** Notifies the year's cost to the member communes; the cost no longer changes (409 unit_cost_already_notified). */
  notifyUnitCost: (code: string, year: number) => request<UnitCostNotification>('POST', `/api/services/${enc(code)}/unit-costs/${year}/notify`),
  serviceMembers: (code: string, year: number) =>
    request<ServiceMembers>('GET', `/api/services/${enc(code)}/members`, { query: { year } }),

  communes: (query: ListCommunesParams = {}) => request<Page<Commune>>('GET', '/api/communes', { query }),
  commune: (insee: string) => request<CommuneWithEpci>('GET', `/api/communes/${enc(insee)}`),

  adhesions: (query: ListAdhesionsParams = {}) =>
    request<AdhesionPage>('GET', '/api/adhesions', { query }),
  /**
   * Every page of a filtered list (the API caps a page at 200), each after the cursor of the one before: a deep
   * page costs what the first does, and a row added or removed behind the place reached no longer shifts the
   * next pages (a row skipped or read twice).
   */
  allAdhesions: async (query: Pick<ListAdhesionsParams, 'state' | 'commune' | 'service'> = {}): Promise<AdhesionSummary[]> => {
    const items: AdhesionSummary[] = [];
    for (let after: string | undefined; ; ) {
      const result = await api.adhesions({ ...query, pageSize: 200, ...(after ? { after } : {}) });
      items.push(...result.items);
      if (!result.nextCursor) return items;
      after = result.nextCursor;
    }
  },
  adhesion: (id: string) => request<Adhesion>('GET', `/api/adhesions/${enc(id)}`),
  createAdhesion: (body: CreateAdhesionBody) =>
    request<Adhesion>('POST', '/api/adhesions', { body }),
  /** « Renouveler la convention »: the successor adhesion, pre-filled from this one. */
  renewConvention: (id: string, body: RenewConventionBody = {}) => request<Adhesion>('POST', `/api/adhesions/${enc(id)}/renewal`, { body }),
  updateDraft: (id: string, version: number, body: UpdateDraftBody) =>
    request<Adhesion>('PATCH', `/api/adhesions/${enc(id)}`, { body, headers: { 'If-Match': `"${version}"` } }),
  /** Sends one event; `If-Match` makes a stale page a 409 instead of a silent overwrite. */
  sendEvent: (id: string, version: number, event: SendEventBody) =>
    request<Adhesion>('POST', `/api/adhesions/${enc(id)}/events`, { body: event, headers: { 'If-Match': `"${version}"` } }),
  history: (id: string) => request<HistoryEntry[]>('GET', `/api/adhesions/${enc(id)}/history`),
  attachments: (id: string) => request<Attachment[]>('GET', `/api/adhesions/${enc(id)}/attachments`),
  /** A multipart form: `file` and the metadata's fields (`kind`, and a deliberation's `party`, `number`, `date`, `transmittedOn`). */
  uploadAttachment: (id: string, form: FormData) => request<Attachment>('POST', `/api/adhesions/${enc(id)}/attachments`, { form }),
  estimate: (id: string) => request<Estimate>('GET', `/api/adhesions/${enc(id)}/estimate`),
  /** The money of a convention's year: forecast (pro rata), periods and their units, amount due, balance. */
  yearMoney: (id: string, year?: number) => request<AdhesionYearMoney>('GET', `/api/adhesions/${enc(id)}/money`, { query: { year } }),
  usage: (id: string) => request<AdhesionUsage>('GET', `/api/adhesions/${enc(id)}/usage`),
  /** Records (or, with `expectedVersion`, corrects) the units of a period. */
  recordUnits: (id: string, year: number, period: number, body: RecordUnitsBody) =>
    request<UsageRecordResponse>('PUT', `/api/adhesions/${enc(id)}/usage/${year}/${period}`, { body }),
  contestUnits: (id: string, year: number, period: number, body: ContestUnitsBody) =>
    request<UsageRecordResponse>('POST', `/api/adhesions/${enc(id)}/usage/${year}/${period}/contest`, { body }),
  statements: (query: { year: number; service?: string; commune?: string }) => request<YearStatements>('GET', '/api/reports/statements', { query }),

  inbox: () => request<Inbox>('GET', '/api/inbox'),
  calendarEvents: (from: string, to: string) => request<CalendarEvent[]>('GET', '/api/calendar/events', { query: { from, to } }),
  createCalendarToken: () => request<CalendarFeed>('POST', '/api/calendar/token'),
  revokeCalendarToken: () => request<void>('DELETE', '/api/calendar/token'),
  annualReport: (year: number) => request<AnnualReport>('GET', '/api/reports/annual', { query: { year } }),

  notifications: (query: { unread?: boolean; page?: number; pageSize?: number } = {}) =>
    request<NotificationPage>('GET', '/api/notifications', {
      query: { unread: query.unread === undefined ? undefined : String(query.unread), page: query.page, pageSize: query.pageSize },
    }),
  markNotificationRead: (id: string) => request<Notification>('POST', `/api/notifications/${enc(id)}/read`),
  markAllNotificationsRead: () => request<MarkedRead>('POST', '/api/notifications/read-all'),
};
