// The adhesion as the API shows it: French labels beside the machine's names, what the caller may do now, and
// what the server decides for the UI (whose move it is, the documents of the step, the proposal's amount).
// The shapes are the contract's (libs/contracts): a mapper that drifts from them does not compile.
import { epciCouncilFr } from '#documents';
import { annualAmountCents, parisDateOf, type CivilDate } from '#domain';
import { type Adhesion, type AdhesionSummary, type AllowedAction } from '#contracts';
import {
  currentOptions,
  allowedOnce,
  dateBounds,
  EVENT_FIELDS,
  EVENT_LABELS_FR,
  isFinal,
  leafStates,
  restoreSnapshot,
  stateLabelFr,
  type AdhesionSnapshot,
  type AllowedAt,
  type EventType,
  type Role,
} from '#workflow';
import { type AdhesionListRow, type AdhesionRecord } from '../ports/records.js';
import { type ActorRole } from '../common/actor.js';
import { availableDocuments } from '../documents/document-sources.js';
import { primaryAction, waitingFor } from './waiting.js';
import { signedNotStarted, stateLabelOn } from './state-label.js';

export { type AllowedAction, type AdhesionSummary } from '#contracts';
export type AdhesionResponse = Adhesion;

/**
 * A list row: the adhesion with its commune's and service's names. `today` (Paris): a convention signed but not
 * started yet is labelled with its start date (state-label.ts).
 */
export function toAdhesionSummary(row: AdhesionListRow | AdhesionRecord, today: CivilDate | null = null): AdhesionSummary {
  const { adhesion } = row;
  const [communeName, serviceName] = 'commune' in row ? [row.commune.name, row.service.name] : [row.communeName, row.serviceName];
  return {
    id: adhesion.id,
    version: adhesion.version,
    commune: { insee: adhesion.communeInsee, name: communeName },
    service: { code: adhesion.serviceCode, name: serviceName },
    state: adhesion.state,
    stateLabel: stateLabelOn(adhesion.state, adhesion.startDate, today),
    startsLater: today !== null && signedNotStarted(adhesion.state, adhesion.startDate, today),
    final: isFinal(adhesion.state),
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

/**
 * `notifiedYears`: the years of its convention whose cost is notified (notifiedYearsOf), each with its letter.
 * `machine`: a command that has just computed the snapshot (the stored one, restored) and asked the machine
 * about it passes both, so that nothing is asked twice.
 */
export function toAdhesionResponse(
  record: AdhesionRecord,
  role: ActorRole,
  now: Date,
  notifiedYears: readonly number[] = [],
  machine?: { snapshot: AdhesionSnapshot; allowed: AllowedAt },
): AdhesionResponse {
  const { adhesion, service } = record;
  const snapshot = machine?.snapshot ?? restoreSnapshot(adhesion.snapshot);
  const at = now.toISOString();
  const allowed = machine?.allowed ?? allowedOnce(at);
  const actions = role === 'admin' ? [] : allowed(snapshot, role as Role);
  const proposal = snapshot.context.proposal;
  const today = parisDateOf(now);
  const allowedActions: AllowedAction[] = actions.map((type) => ({
    type,
    label: EVENT_LABELS_FR[type],
    fields: EVENT_FIELDS[type],
    dateBounds: dateBounds(snapshot.context, type, today),
  }));
  return {
    ...toAdhesionSummary(record, today),
    service: {
      code: service.code,
      name: service.name,
      unitLabel: service.unitLabel,
      unitLabelPlural: service.unitLabelPlural,
      pole: service.pole,
    },
    // The options in force: an applied avenant may have changed those of the request.
    options: currentOptions(snapshot.context) ?? adhesion.options,
    // The EPCI's council is named by its nature: « conseil métropolitain » in a métropole.
    stateDetail: leafStates(snapshot.value).map((id) => ({ id, label: stateLabelFr(id, epciCouncilFr(record.epci.nature)) })),
    details: snapshot.context,
    allowedActions,
    primaryAction: primaryAction(actions),
    waitingFor: isFinal(snapshot.value) ? [] : waitingFor(snapshot, allowed),
    availableDocuments: availableDocuments(adhesion.id, adhesion.state, snapshot.context, { legalBasis: service.legalBasis, notifiedYears, epciNature: record.epci.nature }),
    proposalAmountCents: proposal ? annualAmountCents(proposal.unitCostCents, proposal.forecastUnits) : null,
    createdAt: adhesion.createdAt,
  };
}
