// A scan of many rows, a page at a time by id (keyset): each page read after the last id of the one before,
// so that a scan of every EPCI holds one page in memory and never skips nor repeats a row.

/** Every row `read` gives, `limit` at a time, each page read after the last id of the page before. */
export async function* pagesById<T>(read: (after: string, limit: number) => Promise<T[]>, idOf: (row: T) => string, limit: number): AsyncGenerator<T[]> {
  let after = '';
  for (;;) {
    const page = await read(after, limit);
    if (page.length === 0) return;
    yield page;
    if (page.length < limit) return;
    after = idOf(page[page.length - 1]);
  }
}
