// The order of the inbox's two lists, once the page filters them: overdue first, then by deadline, then the
// longest waiting (the server's own order, kept when a search narrows a list). Whose move it is, and what is
// overdue, the server decides (GET /api/inbox).
import type { InboxItem } from '../api';

export function sortInbox(items: InboxItem[]): InboxItem[] {
  const key = (item: InboxItem) => item.nextDeadline?.at ?? '9999';
  return [...items].sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || key(a).localeCompare(key(b)) || a.waitingSince.localeCompare(b.waitingSince),
  );
}
