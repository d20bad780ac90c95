import { describe, expect, it } from 'vitest';
import type { Hatchet, RunFilter } from '../../../src/hatchet/commands.js';
import { HatchetCliError } from '../../../src/hatchet/errors.js';
import { PAGE_SIZE, selectRuns } from '../../../src/run/select.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * A fake `runs list` over `total` runs, newest first (run 0 is the newest), `PAGE_SIZE` a page;
 * `shiftAfterFirst` runs are created once the first page was read (the next pages shift).
 */
function fakeList(
  total: number,
  options: {
    shiftAfterFirst?: number;
    shiftEachPage?: number;
    fail?: number;
    ignoresOffset?: boolean;
  } = {},
) {
  const pages: { limit: number; offset: number }[] = [];
  const contexts: ({ deadlineMs?: number } | undefined)[] = [];
  let failures = options.fail ?? 0;
  let created = 0;
  const hatchet = {
    async listRuns(filter: RunFilter, context?: { deadlineMs?: number }) {
      contexts.push(context);
      if (failures-- > 0) throw new HatchetCliError('503', 'transient', 'hatchet runs list');
      pages.push({ limit: filter.limit, offset: filter.offset });
      const all = [
        ...Array.from({ length: created }, (_, n) => id(1000 + n)),
        ...Array.from({ length: total }, (_, n) => id(n)),
      ];
      const offset = options.ignoresOffset ? 0 : filter.offset;
      const page = all.slice(offset, offset + filter.limit);
      if (pages.length === 1) created = options.shiftAfterFirst ?? 0;
      created += options.shiftEachPage ?? 0;
      return page.map((runId) => ({ metadata: { id: runId.toUpperCase() } }));
    },
  };
  const clock = { now: () => 0, sleep: async () => {} };
  return { deps: { hatchet: hatchet as unknown as Hatchet, clock }, pages, contexts };
}

const filter = (limit: number) => ({
  workflow: 'orders',
  statuses: ['FAILED'],
  since: '24h',
  limit,
});

describe('selectRuns', () => {
  it.each([
    // [runs matching, select-limit, pages read, runIds taken, matched as far as read, more]
    [0, 5, 1, 0, 0, false],
    [3, 5, 1, 3, 3, false],
    [5, 5, 1, 5, 5, false],
    [6, 5, 1, 5, 6, true],
    [200, 5, 1, 5, PAGE_SIZE, true],
    [PAGE_SIZE, PAGE_SIZE, 2, PAGE_SIZE, PAGE_SIZE, false],
    [PAGE_SIZE + 1, PAGE_SIZE, 2, PAGE_SIZE, PAGE_SIZE + 1, true],
    [120, 100, 3, 100, 120, true],
    [120, 200, 3, 120, 120, false],
  ])(
    '%i matching, limit %i: reads %i page(s), takes %i, counts %i, more: %s',
    async (total, limit, pageCount, taken, matched, more) => {
      const { deps, pages } = fakeList(total);
      const selected = await selectRuns(filter(limit), deps);
      expect(pages).toEqual(
        Array.from({ length: pageCount }, (_, n) => ({ limit: PAGE_SIZE, offset: n * PAGE_SIZE })),
      );
      expect(selected.runIds).toEqual(Array.from({ length: taken }, (_, n) => id(n)));
      expect(selected.more).toBe(more);
      expect(selected.matched).toBe(matched);
    },
  );

  it('takes a run once when new runs shift it onto the next page', async () => {
    const { deps } = fakeList(80, { shiftAfterFirst: 3 });
    const selected = await selectRuns(filter(100), deps);
    expect(new Set(selected.runIds).size).toBe(selected.runIds.length);
    // Page two starts 3 runs earlier: runs 47-49 come again, and are counted once.
    expect(selected.runIds).toEqual(Array.from({ length: 80 }, (_, n) => id(n)));
    expect(selected.matched).toBe(80);
  });

  it('retries a transient failure of `runs list`', async () => {
    const { deps, pages } = fakeList(3, { fail: 2 });
    const selected = await selectRuns(filter(5), deps);
    expect(selected.runIds).toHaveLength(3);
    expect(pages).toHaveLength(1);
  });

  it('ends when a full page adds no new run (a server that ignores the offset)', async () => {
    const { deps, pages } = fakeList(200, { ignoresOffset: true });
    const selected = await selectRuns(filter(100), deps);
    expect(pages).toHaveLength(2);
    expect(selected.runIds).toEqual(Array.from({ length: PAGE_SIZE }, (_, n) => id(n)));
  });

  it('reads no more pages than the limit needs and two more, whatever the shifts', async () => {
    // 49 new runs between every two pages: each page adds a single run not seen before.
    const { deps, pages } = fakeList(1000, { shiftEachPage: 49 });
    const selected = await selectRuns(filter(100), deps);
    expect(pages).toHaveLength(Math.ceil(101 / PAGE_SIZE) + 2);
    expect(selected.matched).toBe(PAGE_SIZE + 4);
  });

  it('gives each call what is left of `timeout`, and retries none past it', async () => {
    const { deps, contexts } = fakeList(3, { fail: 1 });
    const now = { t: 1_000 };
    const clock = { now: () => now.t, sleep: async (ms: number) => void (now.t += ms) };
    await expect(selectRuns(filter(5), { ...deps, clock, deadline: 1_500 })).rejects.toThrow(/503/);
    expect(contexts[0]?.deadlineMs).toBe(500);
  });
});
