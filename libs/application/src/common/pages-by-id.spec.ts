// pagesById: every row once, in pages of the limit, each read after the last id of the page before.
import { pagesById } from './pages-by-id.js';

const ids = ['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'c1'];

async function scan(rows: string[], limit: number) {
  const reads: string[] = [];
  const pages: string[][] = [];
  const read = async (after: string, n: number) => {
    reads.push(after);
    return rows.filter((id) => id > after).slice(0, n);
  };
  for await (const page of pagesById(read, (id) => id, limit)) pages.push(page);
  return { pages, reads };
}

describe('pagesById', () => {
  it('gives every row once, a page of the limit at a time, each read after the last id before it', async () => {
    expect(await scan(ids, 3)).toEqual({ pages: [['a1', 'a2', 'a3'], ['b1', 'b2', 'b3'], ['c1']], reads: ['', 'a3', 'b3'] });
  });

  it('stops at a short page, and after an empty one when the rows fill the last page exactly', async () => {
    expect(await scan(ids.slice(0, 6), 3)).toEqual({ pages: [['a1', 'a2', 'a3'], ['b1', 'b2', 'b3']], reads: ['', 'a3', 'b3'] });
    expect(await scan([], 3)).toEqual({ pages: [], reads: [''] });
  });
});
