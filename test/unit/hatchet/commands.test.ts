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
