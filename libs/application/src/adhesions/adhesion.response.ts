// The adhesion as the API shows it: French labels beside the machine's names, and what the caller may do now.
import {
  allowedEvents,
  EVENT_FIELDS,
  EVENT_LABELS_FR,
  leafStates,
  restoreSnapshot,
  STATE_LABELS_FR,
  type AdhesionContext,
  type EventField,
  type EventType,
  type Role,
} from '#workflow';
import { type AdhesionRecord, type AdhesionRow } from '../ports/records.js';
import { type ActorRole } from '../common/actor.js';

export interface AllowedAction {
  type: EventType;
  label: string;
  fields: readonly EventField[];
}

export interface AdhesionSummary {
  id: string;
  version: number;
  commune: { insee: string; name: string };
  service: { code: string; name: string };
  state: string;
  stateLabel: string;
  nextDeadline: { kind: string; label: string; at: string; cycle: number } | null;
  forecastUnits: number;
  contractYear: number;
  startDate: string | null;
  updatedAt: string;
}

export interface AdhesionResponse extends AdhesionSummary {
  service: { code: string; name: string; unitLabel: string; unitLabelPlural: string; pole: string };
  options: string[];
  stateDetail: Array<{ id: string; label: string }>;
  details: Omit<AdhesionContext, 'noticePeriodMonths' | 'renewalWindowDays'> & {
    noticePeriodMonths: number;
    renewalWindowDays: number;
  };
  allowedActions: AllowedAction[];
  createdAt: string;
}

/** A list row: the adhesion with its commune's and service's names. */
export function toAdhesionSummary(row: AdhesionRow | AdhesionRecord): AdhesionSummary {
  const { adhesion } = row;
  const [communeName, serviceName] = 'commune' in row ? [row.commune.name, row.service.name] : [row.communeName, row.serviceName];
  return {
    id: adhesion.id,
    version: adhesion.version,
    commune: { insee: adhesion.communeInsee, name: communeName },
    service: { code: adhesion.serviceCode, name: serviceName },
    state: adhesion.state,
    stateLabel: STATE_LABELS_FR[adhesion.state] ?? adhesion.state,
    nextDeadline:
      adhesion.nextDeadlineAt && adhesion.nextDeadlineKind
        ? {
            kind: adhesion.nextDeadlineKind,
            label: EVENT_LABELS_FR[adhesion.nextDeadlineKind as EventType] ?? adhesion.nextDeadlineKind,
            at: adhesion.nextDeadlineAt,
            cycle: adhesion.nextDeadlineCycle ?? 0,
          }
        : null,
    forecastUnits: Number(adhesion.forecastUnits),
    contractYear: adhesion.contractYear,
    startDate: adhesion.startDate,
    updatedAt: adhesion.updatedAt,
  };
}

export function toAdhesionResponse(record: AdhesionRecord, role: ActorRole, now: Date): AdhesionResponse {
  const { adhesion, service } = record;
  const snapshot = restoreSnapshot(adhesion.snapshot);
  const actions =
    role === 'admin' ? [] : allowedEvents(snapshot, role as Role, now.toISOString());
  return {
    ...toAdhesionSummary(record),
    service: {
      code: service.code,
      name: service.name,
      unitLabel: service.unitLabel,
      unitLabelPlural: service.unitLabelPlural,
      pole: service.pole,
    },
    options: adhesion.options,
    stateDetail: leafStates(snapshot.value).map((id) => ({ id, label: STATE_LABELS_FR[id] ?? id })),
    details: snapshot.context,
    allowedActions: actions.map((type) => ({ type, label: EVENT_LABELS_FR[type], fields: EVENT_FIELDS[type] })),
    createdAt: adhesion.createdAt,
  };
}
