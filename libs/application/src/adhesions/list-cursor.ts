// The adhesion list's cursor (`nextCursor`, sent back as `?after=`): where the next page starts, so that a deep
// page is read from an index at the right place instead of skipping the rows before it, and the list's count as
// it was when the walk began, so that a page after it does not count again (docs/PERFORMANCE.md, P4).
// Opaque to clients: base64url of `[2, sort, value, id, page, total, totalCapped, list]`, `list` a digest of the
// Scope and the filters the count was made for. It grants nothing: the list still filters by the caller's Scope,
// so a cursor edited by hand is at most another place in the caller's own list, and a total edited by hand is
// only what the caller tells herself. A cursor sent with another Scope or other filters than its count's is
// still a place, but its count is not that list's: the page counts again. Anything that does not decode to a
// well-formed place of the same sort with a possible count is refused (400 `invalid_cursor`), never a 500.
import { createHash } from 'node:crypto';
import { ADHESION_SORTS, type AdhesionSort } from '#contracts';
import { DomainError } from '#workflow';
import { type Scope } from '../common/scope.js';
import { type AdhesionListFields } from '../ports/records.js';
import { LIST_COUNT_CAP, type AdhesionListFilters, type ListCount, type ListPosition } from '../ports/repositories.js';

export class InvalidCursor extends DomainError {
  readonly code = 'invalid_cursor';
}

/** The adhesion's field each sort orders by. */
export const SORT_FIELDS = { nextDeadline: 'nextDeadlineAt', updatedAt: 'updatedAt', createdAt: 'createdAt' } as const;

export function sortFieldOf(sort: AdhesionSort): 'nextDeadlineAt' | 'updatedAt' | 'createdAt' {
  return SORT_FIELDS[sort.replace('-', '') as keyof typeof SORT_FIELDS];
}

export interface ListCursor extends ListPosition {
  sort: AdhesionSort;
  /** The number of the page it starts (what the answer says in `page`). */
  page: number;
  /** The list's count when the walk began (its first page): what every page after it answers. */
  counted: ListCount;
  /** Which list was counted: `listKey` of the Scope and filters. */
  list: string;
}

/** Version 1 (without the count) is refused: it lived a few minutes on a branch, never in a release. */
const VERSION = 2;
/** The instants as stored: ISO-8601 UTC with milliseconds. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Ids are UUIDs in the product; the fixtures' are shorter words of the same alphabet. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_PAGE = 10_000_000;
/** `listKey`'s form: 66 bits of SHA-256 in base64url. */
const LIST_KEY = /^[A-Za-z0-9_-]{11}$/;

/**
 * Which list a count is of: a digest of the Scope and the filters (not the sort, the page or its size, which do
 * not change the count). Two requests with the same key count the same rows.
 */
export function listKey(scope: Scope, filters: AdhesionListFilters): string {
  const f = scope.filter;
  const what = [scope.unrestricted, f.communeInsee ?? null, f.epciSiren ?? null, f.servicePole ?? null];
  const which = [filters.state ?? null, filters.commune ?? null, filters.service ?? null, filters.deadlineBefore ?? null];
  return createHash('sha256').update(JSON.stringify([what, which])).digest('base64url').slice(0, 11);
}

export function encodeCursor(cursor: ListCursor): string {
  const { sort, value, id, page, counted, list } = cursor;
  return Buffer.from(JSON.stringify([VERSION, sort, value, id, page, counted.total, counted.totalCapped, list]), 'utf8').toString('base64url');
}

/** The cursor after the given row of a list in this sort, for the page numbered `page`, carrying the list's count. */
export function cursorAfter(adhesion: AdhesionListFields, sort: AdhesionSort, page: number, counted: ListCount, list: string): string {
  return encodeCursor({ sort, value: adhesion[sortFieldOf(sort)] ?? null, id: adhesion.id, page, counted, list });
}

/** The place a cursor names, if it is well-formed and of the `sort` asked; else InvalidCursor. */
export function decodeCursor(text: string, sort: AdhesionSort): ListCursor {
  const refuse = (why: string): never => {
    throw new InvalidCursor(`Invalid list cursor: ${why}`, { field: 'after' });
  };
  if (!BASE64URL.test(text)) refuse('not base64url');
  const bytes = Buffer.from(text, 'base64url');
  // Node decodes leniently (a character too many is dropped): only the encoding we write is ours.
  if (bytes.toString('base64url') !== text) refuse('not base64url');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return refuse('not a cursor');
  }
  if (!Array.isArray(parsed)) return refuse('not a cursor');
  if (parsed[0] !== VERSION) refuse('unknown version');
  if (parsed.length !== 8) refuse('not a cursor');
  const [, cursorSort, value, id, page, total, totalCapped, list] = parsed as unknown[];
  if (typeof cursorSort !== 'string' || !(ADHESION_SORTS as readonly string[]).includes(cursorSort)) refuse('unknown sort');
  if (cursorSort !== sort) refuse('a cursor of another sort');
  if (value !== null && (typeof value !== 'string' || !INSTANT.test(value) || Number.isNaN(Date.parse(value)))) refuse('not a sort value');
  if (typeof id !== 'string' || !ID.test(id)) refuse('not an id');
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 2 || page > MAX_PAGE) refuse('not a page number');
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0 || total > LIST_COUNT_CAP) refuse('not a count');
  // A capped count stopped at the cap, never below it.
  if (typeof totalCapped !== 'boolean' || (totalCapped && total !== LIST_COUNT_CAP)) refuse('not a count');
  if (typeof list !== 'string' || !LIST_KEY.test(list)) refuse('not a list');
  return {
    sort,
    value: value as string | null,
    id: id as string,
    page: page as number,
    counted: { total: total as number, totalCapped: totalCapped as boolean },
    list: list as string,
  };
}
