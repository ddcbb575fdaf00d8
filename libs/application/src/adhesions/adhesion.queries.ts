// What people read: lists filtered to their scope, one adhesion, its history, its cost estimate.
import { Injectable, Optional } from '@nestjs/common';
import { listAdhesionsQuery, type AdhesionPage, type AdhesionState, type Estimate, type HistoryEntry } from '#contracts';
import { annualAmountCents, parisDateOf } from '#domain';
import { epciCouncilFr } from '#documents';
import { EVENT_LABELS_FR, InvalidInput, NotFound, stateLabelFr, type AdhesionContext, type EventType, type TopState } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { Scope } from '../common/scope.js';
import { parseOrThrow } from '../common/validation.js';
import { serviceYearCosts } from '../costs/service-costs.js';
import { conventionYear, coverageOf } from '../money/convention-year.js';
import { withDocuments } from '../documents/document-history.js';
import { AttachmentQueries } from '../attachments/attachment.queries.js';
import { withAttachments } from '../attachments/attachment-history.js';
import { notifiedYearsOf } from '../documents/document-sources.js';
import { type AdhesionRecord } from '../ports/records.js';
import { UnitOfWork } from '../ports/repositories.js';
import { toAdhesionResponse, toAdhesionSummary, type AdhesionResponse } from './adhesion.response.js';
import { cursorAfter, decodeCursor, listKey } from './list-cursor.js';
import { withRenewalLinks } from './renewal-links.js';

export { listAdhesionsQuery } from '#contracts';

/** The contract's states are the machine's: a state added to one and not to the other fails to compile here. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const statesAgree: Same<AdhesionState, TopState> = true;
void statesAgree;

@Injectable()
export class AdhesionQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    /** The attached files, listed in the history (to their parties); absent, the history has none. */
    @Optional() private readonly attachments?: AttachmentQueries,
  ) {}

  /**
   * One page of the caller's list: by number (`page`, the rows before it skipped), or after a cursor (`after`,
   * the `nextCursor` of the page before: read from where it stopped, whatever the depth). Either way the answer
   * carries the cursor of the page after it. The Scope filters both: a cursor is a place, not a permission.
   * Only a page by number counts the list: a page after a cursor answers with the `total` (and `totalCapped`)
   * the cursor carries, counted when the walk began, so a deep page costs what its rows cost (P4). Rows added or
   * removed since are not in that total; those past the cursor still show in the pages.
   */
  async list(actor: Actor, query: unknown): Promise<AdhesionPage> {
    const q = parseOrThrow(listAdhesionsQuery, query);
    if (q.after !== undefined && (query as Record<string, unknown>).page !== undefined) {
      throw new InvalidInput('Invalid input', { issues: [{ field: 'page', code: 'page_with_cursor' }] });
    }
    const cursor = q.after !== undefined ? decodeCursor(q.after, q.sort) : undefined;
    const deadlineBefore = q.deadlineBefore
      ? q.deadlineBefore.length === 10
        ? `${q.deadlineBefore}T00:00:00.000Z`
        : new Date(q.deadlineBefore).toISOString()
      : undefined;
    const scope = Scope.of(actor);
    const filters = { state: q.state, commune: q.commune, service: q.service, deadlineBefore };
    const list = listKey(scope, filters);
    const { more, ...page } = await this.uow.read((r) =>
      r.adhesions.list(scope, {
        ...q,
        deadlineBefore,
        page: cursor?.page ?? q.page,
        after: cursor ? { value: cursor.value, id: cursor.id } : undefined,
        // The count of the walk's first page, not counted again; unless the cursor's count is of another list.
        counted: cursor && cursor.list === list ? cursor.counted : undefined,
      }),
    );
    const today = parisDateOf(this.clock.now());
    const last = page.items.at(-1);
    const counted = { total: page.total, totalCapped: page.totalCapped === true };
    return {
      ...page,
      items: page.items.map((row) => toAdhesionSummary(row, today)),
      nextCursor: more && last ? cursorAfter(last.adhesion, q.sort, page.page + 1, counted, list) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<AdhesionResponse> {
    const record = await this.visible(actor, id);
    return this.uow.read(async (r) => {
      const notifiedYears = await notifiedYearsOf(r, record.adhesion);
      return withRenewalLinks(r, toAdhesionResponse(record, actor.role, this.clock.now(), notifiedYears), record.adhesion, actor.role);
    });
  }

  async history(actor: Actor, id: string): Promise<HistoryEntry[]> {
    const record = await this.visible(actor, id);
    const council = epciCouncilFr(record.epci.nature);
    const attachments = this.attachments ? await this.attachments.forHistory(actor, record) : [];
    const [rows, documents] = await this.uow.read((r) => Promise.all([r.adhesions.history(id), r.documents.trail(id)]));
    const events = rows.map((row) => ({
      sequence: row.sequence,
      event: row.event,
      label: EVENT_LABELS_FR[row.event as EventType] ?? AUDIT_LABELS_FR[row.event] ?? row.event,
      payload: row.payload,
      actorId: row.actorId,
      role: row.role,
      fromState: row.fromState,
      fromStateLabel: row.fromState ? labelOfStateKey(row.fromState, council) : null,
      toState: row.toState,
      toStateLabel: labelOfStateKey(row.toState, council),
      at: row.at,
    }));
    return withAttachments(withDocuments(events, documents), attachments, council);
  }

  /**
   * This year's cost, through the one money model: once the convention is signed, its money of the year (the
   * applicable unit cost, pro rata of the days in force); before, the proposal's terms if there is one, else
   * the catalogue's cost of the year × the forecast units. For a service shared by keys, this adhesion's share
   * of the total split over all the EPCI's members; the other members' shares and keys are shown to the EPCI's
   * people only, never to another commune.
   */
  async estimate(actor: Actor, id: string): Promise<Estimate> {
    const { adhesion, service } = await this.visible(actor, id);
    const today = parisDateOf(this.clock.now());
    const year = Number(today.slice(0, 4));
    const base = { year, serviceCode: service.code, costModel: service.costModel, unitLabelPlural: service.unitLabelPlural };
    return this.uow.read(async (r) => {
      const signed = coverageOf(adhesion) !== null;
      const y = signed ? await conventionYear(r, adhesion, service, year, today) : null;
      const proRata = y && y.money.days !== y.money.daysInYear ? { days: y.money.days, daysInYear: y.money.daysInYear } : {};
      if (service.costModel === 'unit') {
        if (y) {
          return { ...base, ...proRata, available: true as const, unitCostSource: y.unitCostSource, unitCostCents: y.unitCostCents, forecastUnits: Number(y.forecastUnits), annualAmountCents: y.money.forecastCents };
        }
        const proposal = (adhesion.snapshot.context as AdhesionContext).proposal;
        if (proposal) {
          return { ...base, available: true as const, unitCostSource: 'proposal' as const, unitCostCents: proposal.unitCostCents, forecastUnits: proposal.forecastUnits, annualAmountCents: annualAmountCents(proposal.unitCostCents, proposal.forecastUnits) };
        }
      }
      const costs = await serviceYearCosts(r, service, year, adhesion.id);
      if (!costs.cost) return { ...base, available: false as const, reason: 'unit_cost_missing' };
      const self = costs.members.find((m) => m.adhesionId === adhesion.id)!;
      if (service.costModel === 'unit') {
        return { ...base, available: true as const, unitCostSource: 'catalogue' as const, unitCostCents: costs.cost.unitCostCents, forecastUnits: Number(self.forecastUnits), annualAmountCents: self.amountCents };
      }
      const seeAll = actor.role !== 'secretary';
      return {
        ...base,
        ...proRata,
        available: true as const,
        unitCostSource: 'keys' as const,
        keyBasis: service.keyBasis,
        totalCostCents: costs.cost.totalCostCents,
        shares: costs.members
          .filter((m) => seeAll || m.adhesionId === adhesion.id)
          .map((m) => ({ communeInsee: m.communeInsee, communeName: m.communeName, key: m.key, amountCents: m.amountCents, self: m.adhesionId === adhesion.id })),
        annualAmountCents: y ? y.money.forecastCents : self.amountCents,
      };
    });
  }

  private async visible(actor: Actor, id: string): Promise<AdhesionRecord> {
    const record = await this.uow.read((r) => r.adhesions.get(id));
    if (!record || !Scope.of(actor).includes({ ...record.adhesion, servicePole: record.service.pole })) {
      // Another commune's adhesion is "not found", not "forbidden": its existence does not leak.
      throw new NotFound('Adhesion not found', { id });
    }
    return record;
  }
}

const AUDIT_LABELS_FR: Record<string, string> = { CREATED: 'Création de la demande', DRAFT_UPDATED: 'Modification du brouillon' };

function labelOfStateKey(key: string, council: string): string {
  return key
    .split('|')
    .map((leaf) => stateLabelFr(leaf, council))
    .join(' · ');
}
