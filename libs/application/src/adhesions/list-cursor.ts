// The adhesion list's cursor (`nextCursor`, sent back as `?after=`): where the next page starts, so that a deep
// page is read from an index at the right place instead of skipping the rows before it (docs/PERFORMANCE.md, P4).
// Opaque to clients: base64url of `[1, sort, value, id, page]`. It grants nothing: the list still filters by the
// caller's Scope, so a cursor edited by hand is at most another place in the caller's own list. Anything that
// does not decode to a well-formed place of the same sort is refused (400 `invalid_cursor`), never a 500.
import { ADHESION_SORTS, type AdhesionSort } from '#contracts';
import { DomainError } from '#workflow';
import { type Adhesion } from '../ports/records.js';
import { type ListPosition } from '../ports/repositories.js';

/** A cursor that is not one of ours, was altered, or belongs to another sort. */
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
}

const VERSION = 1;
/** The instants as stored: ISO-8601 UTC with milliseconds. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Ids are UUIDs in the product; the fixtures' are shorter words of the same alphabet. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_PAGE = 10_000_000;

export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([VERSION, cursor.sort, cursor.value, cursor.id, cursor.page]), 'utf8').toString('base64url');
}

/** The cursor after the given row of a list in this sort, for the page numbered `page`. */
export function cursorAfter(adhesion: Adhesion, sort: AdhesionSort, page: number): string {
  return encodeCursor({ sort, value: adhesion[sortFieldOf(sort)] ?? null, id: adhesion.id, page });
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
  if (!Array.isArray(parsed) || parsed.length !== 5) return refuse('not a cursor');
  const [version, cursorSort, value, id, page] = parsed as unknown[];
  if (version !== VERSION) refuse('unknown version');
  if (typeof cursorSort !== 'string' || !(ADHESION_SORTS as readonly string[]).includes(cursorSort)) refuse('unknown sort');
  if (cursorSort !== sort) refuse('a cursor of another sort');
  if (value !== null && (typeof value !== 'string' || !INSTANT.test(value) || Number.isNaN(Date.parse(value)))) refuse('not a sort value');
  if (typeof id !== 'string' || !ID.test(id)) refuse('not an id');
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 2 || page > MAX_PAGE) refuse('not a page number');
  return { sort, value: value as string | null, id: id as string, page: page as number };
}
