import { describe, expect, it } from 'vitest';
import type { HatchetCli } from '../../../src/hatchet/cli.js';
import { Hatchet } from '../../../src/hatchet/commands.js';

const WF_A = '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58';
const WF_B = '9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';

/** A CLI whose `workflows get` answers after a tick (or fails while `failures` lasts). */
function fakeCli(failures = 0) {
  const calls: string[][] = [];
  const cli = {
    json: async (args: string[]) => {
      calls.push(args);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (failures-- > 0) throw new Error('503 Service Unavailable');
      return { metadata: { id: args[2] }, name: `name-of-${args[2]?.slice(0, 4)}` };
    },
  };
  return { calls, hatchet: new Hatchet(cli as unknown as HatchetCli) };
}

describe('Hatchet.workflowName', () => {
  it('asks `workflows get` once per workflow, however many runs ask at once or later', async () => {
    const { calls, hatchet } = fakeCli();
    const names = await Promise.all(
      Array.from({ length: 200 }, (_, i) => hatchet.workflowName(i % 3 ? WF_A : WF_B)),
    );
    expect(new Set(names)).toEqual(new Set(['name-of-5d0c', 'name-of-9a1c']));
    expect(await hatchet.workflowName(WF_A)).toBe('name-of-5d0c');
    expect(calls.map((args) => args.join(' ')).sort()).toEqual([
      `workflows get ${WF_A}`,
      `workflows get ${WF_B}`,
    ]);
  });

  it('forgets a failed lookup, so a retry asks again', async () => {
    const { calls, hatchet } = fakeCli(1);
    await expect(hatchet.workflowName(WF_A)).rejects.toThrow('503');
    expect(await hatchet.workflowName(WF_A)).toBe('name-of-5d0c');
    expect(calls).toHaveLength(2);
  });
});

describe('Hatchet with a version check beside it (ready)', () => {
  const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
  function gated(ready: Promise<unknown>, fail = false) {
    const calls: string[] = [];
    const cli = {
      json: async (args: string[]) => {
        calls.push(args.slice(0, 2).join(' '));
        if (fail) throw new Error('not JSON');
        return args[1] === 'replay' ? { ids: [RUN] } : { run: {}, tasks: [] };
      },
    };
    return { calls, hatchet: new Hatchet(cli as unknown as HatchetCli, ready) };
  }

  it('sends a read at once, and answers it once the check passed', async () => {
    let pass: () => void = () => undefined;
    const { calls, hatchet } = gated(new Promise<void>((resolve) => (pass = resolve)));
    let answered = false;
    const read = hatchet.getRun(RUN).then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toEqual(['runs get']);
    expect(answered).toBe(false);
    pass();
    await read;
    expect(answered).toBe(true);
  });

  it('sends nothing that changes a run before the check passed', async () => {
    let pass: () => void = () => undefined;
    const { calls, hatchet } = gated(new Promise<void>((resolve) => (pass = resolve)));
    const replay = hatchet.replay(RUN);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toEqual([]);
    pass();
    expect(await replay).toEqual([RUN]);
    expect(calls).toEqual(['runs replay']);
  });

  it('gives the failed check as every answer, before a read that failed too', async () => {
    const ready = Promise.reject(new Error('Hatchet CLI 0.70.0 is too old'));
    ready.catch(() => undefined);
    const { calls, hatchet } = gated(ready, true);
    await expect(hatchet.getRun(RUN)).rejects.toThrow('too old');
    await expect(hatchet.replay(RUN)).rejects.toThrow('too old');
    expect(calls).toEqual(['runs get']);
  });
});

describe('Hatchet.replay', () => {
  it('sends a step’s replays one after the other, never side by side (the engine drops those)', async () => {
    const log: string[] = [];
    let open = 0;
    const cli = {
      json: async (args: string[]) => {
        open++;
        log.push(`start ${args[2]} (${open} open)`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        open--;
        if (args[2] === 'b') throw new Error('503');
        return { ids: [args[2]] };
      },
    };
    const hatchet = new Hatchet(cli as unknown as HatchetCli);
    const answers = await Promise.allSettled(['a', 'b', 'c'].map((id) => hatchet.replay(id)));
    expect(log).toEqual(['start a (1 open)', 'start b (1 open)', 'start c (1 open)']);
    // A failed replay does not hold up the next one.
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
