// The tools around the adhesions: the inbox, the notifications, the reports, the calendar of deadlines.
import { z } from 'zod';
import { adhesionSummarySchema } from './adhesions.contract.js';
import { COST_MODELS, KEY_BASES, LEGAL_BASES } from './catalogue.contract.js';
import { centsSchema, civilDateSchema, instantSchema, pageOf, partySchema, sirenSchema, yearSchema } from './common.contract.js';
import { response } from './registry.js';

export const inboxItemSchema = adhesionSummarySchema.extend({
  waitingFor: partySchema.describe('The caller’s side: the adhesion waits on it.'),
  waitingSince: instantSchema,
  workingDaysWaiting: z.number().int().describe('Working days (Paris, public holidays excluded) since the step started waiting.'),
  overdue: z.boolean().describe('A deadline has passed, or the step has waited too many working days.'),
  actions: z.array(z.object({ type: z.string(), label: z.string() })),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;
export const inboxSchema = response('Inbox', z.object({ items: z.array(inboxItemSchema) }), 'What waits on the caller, overdue first, then by deadline.');
export type Inbox = z.infer<typeof inboxSchema>;

export const listNotificationsQuery = z
  .object({
    unread: z.enum(['true', 'false']).optional().describe('Only the unread ones.'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ListNotificationsParams = z.input<typeof listNotificationsQuery>;

export const notificationSchema = response(
  'Notification',
  z.object({
    id: z.string(),
    ledgerId: z.string(),
    userId: z.string(),
    adhesionId: z.string().nullable(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    createdAt: instantSchema,
    readAt: instantSchema.nullable(),
  }),
  'An in-app notification.',
);
export type Notification = z.infer<typeof notificationSchema>;
export const notificationPageSchema = response('NotificationPage', pageOf(notificationSchema).extend({ unread: z.number().int() }));
export type NotificationPage = z.infer<typeof notificationPageSchema>;
export const markedReadSchema = response('MarkedRead', z.object({ marked: z.number().int().describe('How many were unread.') }));
export type MarkedRead = z.infer<typeof markedReadSchema>;

export const reportQuery = z
  .object({ year: yearSchema.optional().describe('This year by default.'), epci: sirenSchema.optional().describe('The EPCI (admin only).') })
  .strict();

export const serviceMemberSchema = z.object({
  adhesionId: z.string(),
  communeInsee: z.string(),
  communeName: z.string(),
  population: z.number().int().nullable(),
  state: z.string(),
  stateLabel: z.string(),
  forecastUnits: z.number(),
  key: z.string().nullable().describe('The member’s key (population, percentage…), for a service shared by keys.'),
  amountCents: centsSchema,
  sharePercent: z.number(),
});
export type ServiceMember = z.infer<typeof serviceMemberSchema>;
export const serviceMembersSchema = response(
  'ServiceMembers',
  z.object({
    service: z.object({
      code: z.string(),
      name: z.string(),
      legalBasis: z.enum(LEGAL_BASES),
      costModel: z.enum(COST_MODELS),
      keyBasis: z.enum(KEY_BASES).nullable(),
      unitLabelPlural: z.string(),
    }),
    year: z.number().int(),
    unitCostCents: centsSchema.nullable(),
    totalCostCents: centsSchema.nullable(),
    members: z.array(serviceMemberSchema),
    totalCents: centsSchema.describe('The whole of the service; a commune sees what it pays.'),
    epciCents: centsSchema.nullable().describe('What the EPCI bears itself; null for a commune.'),
  }),
  'The active members of a service and what each pays in the year.',
);
export type ServiceMembers = z.infer<typeof serviceMembersSchema>;

const moneyTotals = z.object({
  conventions: z.number().int(),
  /** Conventions whose year is closed and complete. */
  final: z.number().int(),
  forecastCents: z.number().int(),
  /** Σ amounts due where the units are known. */
  actualCents: z.number().int(),
  invoicedCents: z.number().int(),
  balanceCents: z.number().int(),
});

export const annualReportSchema = response(
  'AnnualReport',
  z.object({
    year: z.number().int(),
    byServiceAndState: z
      .array(z.object({ serviceCode: z.string(), serviceName: z.string(), state: z.string(), stateLabel: z.string(), count: z.number().int() }))
      .describe('Today’s counts: a signed convention is `active` from its start date (Europe/Paris), `signed_not_started` before it.'),
    amounts: z.array(z.object({ serviceCode: z.string(), serviceName: z.string(), annualAmountCents: centsSchema })).describe('The forecast of the year per service, pro rata of the days in force.'),
    money: z
      .object({
        byService: z.array(moneyTotals.extend({ serviceCode: z.string(), serviceName: z.string() })),
        byCommune: z.array(moneyTotals.extend({ communeInsee: z.string(), communeName: z.string() })),
        total: moneyTotals,
        incomeCents: z.number().int().describe('The year’s income: the amount due where the units are known, else the forecast.'),
      })
      .describe('Forecast against actual, from the statements of the year.'),
    communesCovered: z.number().int(),
    communesTotal: z.number().int(),
    activeAdhesions: z.number().int().describe('Conventions in force today: signed, their start date reached (Europe/Paris).'),
    signedNotStarted: z.number().int().describe('Conventions signed whose start date is still to come.'),
  }),
  'The annual report of the pooling, in the caller’s scope.',
);
export type AnnualReport = z.infer<typeof annualReportSchema>;

/** The longest range of one calendar query, in days: a year and a month's margin. */
export const CALENDAR_MAX_DAYS = 400;
const calendarDay = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2199-12-31', { message: 'out_of_range' });
const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
export const calendarRangeQuery = z
  .object({
    from: calendarDay.describe('The first day (1900-01-01 to 2199-12-31).'),
    to: calendarDay.describe(`The last day: from \`from\` to at most ${CALENDAR_MAX_DAYS} days later.`),
  })
  .strict()
  .superRefine((q, ctx) => {
    const days = dayNumber(q.to) - dayNumber(q.from);
    if (days < 0 || days > CALENDAR_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'out_of_range' });
  });

export const calendarEventSchema = z.object({
  date: civilDateSchema,
  kind: z.string().describe('A time event, or ANNIVERSARY.'),
  label: z.string(),
  adhesionId: z.string(),
  communeName: z.string(),
  serviceName: z.string(),
});
export type CalendarEvent = z.infer<typeof calendarEventSchema>;
export const calendarEventsSchema = response('CalendarEvents', z.array(calendarEventSchema), 'The coming deadlines and anniversaries, by day.');
export const calendarFeedSchema = response('CalendarFeed', z.object({ url: z.string().describe('The iCalendar feed; its token is the credential.') }));
export type CalendarFeed = z.infer<typeof calendarFeedSchema>;
