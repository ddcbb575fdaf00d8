// The records the use cases read and write, as plain data. The persistence lib stores them (its entities
// implement these shapes); the in-memory ports keep them in maps. Instants are ISO-8601 UTC strings,
// civil dates YYYY-MM-DD, amounts integer cents, units decimal strings.
import { type KeyBasis, type LegalBasis, type Settlement } from '#contracts';
import { type Role } from '#workflow';

export type UserRole = Exclude<Role, 'system'> | 'admin';

export interface Epci {
  siren: string;
  name: string;
  /** CA, CU, CC, METRO… as published by the INSEE. */
  nature: string;
}

export interface Commune {
  insee: string;
  siren: string | null;
  name: string;
  population: number | null;
  epciSiren: string | null;
}

export interface ServiceOption {
  code: string;
  label: string;
}

// The legal bases and the keys are part of the HTTP contract: the contracts lib lists them.
export { KEY_BASES, LEGAL_BASES, type KeyBasis, type LegalBasis } from '#contracts';

/** One service of one EPCI's catalogue, with the settings its conventions use. */
export interface Service {
  epciSiren: string;
  code: string;
  name: string;
  pole: string;
  description: string;
  legalBasis: LegalBasis;
  unitCode: string;
  unitLabel: string;
  unitLabelPlural: string;
  options: ServiceOption[];
  /** ADS act weights in équivalent permis de construire (decimal strings), by act type. */
  actWeights: Record<string, string> | null;
  noticePeriodMonths: number;
  renewalWindowDays: number;
  reminderOffsets: number[];
  /** `unit`: unit cost × units; `keys`: a yearly total split between the EPCI's members by a key. */
  costModel: 'unit' | 'keys';
  keyBasis: KeyBasis | null;
  /**
   * `fixed`: the percentage of each member (INSEE code → decimal string), the rest borne by the EPCI;
   * `mixed`: the weight of each basis (population, forecastUnits → decimal string, summing to 1).
   */
  keyParameters: Record<string, string> | null;
  /**
   * How the commune settles what it owes: a title of revenue issued by the EPCI, or (a service commun of an
   * EPCI that chose it, L5211-4-2) a charge against its attribution de compensation.
   */
  settlement: Settlement;
  /**
   * The service processes personal data on the commune's behalf (ADS files, payroll, careers, archives…): its
   * convention then carries the processor clause of RGPD art. 28, the EPCI acting for the commune.
   */
  processesPersonalData: boolean;
}

export { SETTLEMENTS, type Settlement } from '#contracts';

export interface UnitCost {
  epciSiren: string;
  serviceCode: string;
  year: number;
  unitCostCents: number | null;
  totalCostCents: number | null;
  /** When the DGS notified the year's cost to the member communes (null: set, not yet notified). */
  notifiedAt: string | null;
  notifiedBy: string | null;
}

/**
 * The units one commune used of one service in one period of a year (a quarter, a half or the year, after the
 * convention's periodicity), recorded by the service's agent or the DGS. For an ADS service, the count of each
 * act type, whose weights give the units; otherwise the units as recorded. The secretary may contest them,
 * with a comment, within UNITS_CONTEST_DAYS of their recording. `version` counts the changes (for the CAS).
 */
export interface UsageRecord {
  id: string;
  adhesionId: string;
  epciSiren: string;
  communeInsee: string;
  serviceCode: string;
  year: number;
  period: number;
  actCounts: Record<string, number> | null;
  /** Decimal string: Σ count × weight, or the units recorded. */
  units: string;
  recordedBy: string;
  recordedAt: string;
  version: number;
  contest: { comment: string; by: string; at: string } | null;
}

export type UsageAction = 'recorded' | 'corrected' | 'contested';

/** Every change of a usage record, as it was after the change. */
export interface UsageAuditRow {
  id: string;
  usageId: string;
  adhesionId: string;
  action: UsageAction;
  year: number;
  period: number;
  units: string;
  actCounts: Record<string, number> | null;
  comment: string | null;
  actorId: string;
  role: string;
  at: string;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  role: UserRole;
  communeInsee: string | null;
  epciSiren: string | null;
  pole: string | null;
  calendarToken: string | null;
  createdAt: string;
  /** In every token; bumping it (logout, password change or reset) revokes every token of the user. */
  sessionVersion: number;
}

/** One commune × one service of its EPCI, through its whole lifecycle. */
export interface Adhesion {
  id: string;
  communeInsee: string;
  epciSiren: string;
  serviceCode: string;
  /** `<insee>:<service>` while live, null once final: unique, so at most one live adhesion per pair. */
  liveKey: string | null;
  /**
   * The adhesion whose convention this one renews at its term; absent or null for a first request. A successor's
   * live key is `<insee>:<service>:renewal` while its predecessor is live (one successor at a time).
   */
  renews?: string | null;
  options: string[];
  forecastUnits: string;
  state: string;
  stateDetail: string;
  snapshot: { value: unknown; context: unknown };
  machineVersion: number;
  version: number;
  nextDeadlineAt: string | null;
  nextDeadlineKind: string | null;
  nextDeadlineCycle: number | null;
  startDate: string | null;
  anniversaryOn: string | null;
  contractYear: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** An adhesion with the commune, the service it joins and the EPCI that runs it. */
export interface AdhesionRecord {
  adhesion: Adhesion;
  commune: Commune;
  service: Service;
  epci: Epci;
}

/** The fields of an adhesion that a list shows, orders and pages by: never its snapshot. */
export const ADHESION_LIST_FIELDS = [
  'id',
  'version',
  'communeInsee',
  'epciSiren',
  'serviceCode',
  'state',
  'startDate',
  'nextDeadlineAt',
  'nextDeadlineKind',
  'nextDeadlineCycle',
  'forecastUnits',
  'contractYear',
  'createdAt',
  'updatedAt',
] as const satisfies ReadonlyArray<keyof Adhesion>;
export type AdhesionListFields = Pick<Adhesion, (typeof ADHESION_LIST_FIELDS)[number]>;

/** A line of the adhesion list: the fields it shows and the names beside them. */
export interface AdhesionListRow {
  adhesion: AdhesionListFields;
  communeName: string;
  serviceName: string;
  servicePole: string;
}

/** What a list shows of an adhesion: its row and the names beside it. */
export interface AdhesionRow {
  adhesion: Adhesion;
  communeName: string;
  serviceName: string;
  servicePole: string;
}

export interface AuditRow {
  id: string;
  adhesionId: string;
  sequence: number;
  event: string;
  payload: Record<string, unknown>;
  actorId: string | null;
  role: string;
  fromState: string | null;
  toState: string;
  at: string;
}

export type AuditInput = Omit<AuditRow, 'id'>;

export interface OutboxRow {
  id: string;
  adhesionId: string | null;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  processedAt: string | null;
}

/** The commune's secretaries, the EPCI's DGS, both, or only the agents of the service's pole. */
export type LedgerRecipient = 'commune' | 'epci' | 'both' | 'agents';
export type LedgerStatus = 'pending' | 'sending' | 'sent' | 'superseded' | 'failed';

/** One notification decided: unique per (adhesion or EPCI, cycle, kind, offset), so each is sent once. */
export interface LedgerRow {
  id: string;
  adhesionId: string | null;
  epciSiren: string | null;
  cycle: number;
  kind: string;
  offsetDays: number;
  recipient: LedgerRecipient;
  status: LedgerStatus;
  dueAt: string | null;
  attempts: number;
  lastError: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
  sentAt: string | null;
}

/** An EPCI's own wording of one notification kind; absent, the product's default is used. */
export interface NotificationTemplateRecord {
  epciSiren: string;
  kind: string;
  subject: string;
  body: string;
  /** Bumped by every change (compare-and-swap); 1 when first saved. */
  version: number;
  updatedBy: string | null;
  updatedAt: string;
}

export interface Notification {
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

export interface DocumentRecord {
  id: string;
  adhesionId: string;
  kind: string;
  sha256: string;
  actorId: string | null;
  role: string;
  at: string;
  byteSize: number;
}

export interface IdempotencyRecord {
  userId: string;
  key: string;
  requestHash: string;
  statusCode: number;
  body: unknown;
  createdAt: string;
}

export { type Page } from '#contracts';
