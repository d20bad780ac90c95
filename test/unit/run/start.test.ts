import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hatchet } from '../../../src/hatchet/commands.js';
import { HatchetCliError, type CliErrorKind } from '../../../src/hatchet/errors.js';
import { runDetailsSchema, type RunDetails } from '../../../src/hatchet/schemas.js';
import { acceptanceBaseline, replayAccepted } from '../../../src/run/baseline.js';
import { say } from '../../../src/run/failure.js';
import {
  ACCEPT_WINDOW_MS,
  callContext,
  mayHaveTakenEffect,
  readRun,
  replayOnce,
  triggerRun,
  workflowNameOf,
} from '../../../src/run/start.js';
import type { InFlight, StartDeps } from '../../../src/run/phases.js';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const NEW = '3e814f9d-5276-4c31-8d8c-9d4f6b0a2e54';

function details(retryCount: number, workflowId = 'wf'): RunDetails {
  return runDetailsSchema.parse({
    run: { metadata: { id: RUN }, status: 'FAILED', displayName: 'orders', workflowId },
    tasks: [{ metadata: { id: 'task' }, displayName: 'charge', status: 'FAILED', retryCount }],
  });
}

const cliError = (kind: CliErrorKind, message: string = kind) =>
  new HatchetCliError(message, kind, 'hatchet runs x');

/** Deps on a clock that moves only when the code sleeps; every call and record is logged. */
function fakeDeps(
  hatchet: Partial<Record<keyof Hatchet, unknown>>,
  extra: Partial<StartDeps> = {},
) {
  const events: string[] = [];
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  const deps: StartDeps = {
    hatchet: hatchet as unknown as Hatchet,
    clock,
    tempDir: mkdtempSync(`${tmpdir()}/start-`),
    log: (line) => events.push(`log ${line}`),
    onSending: (call: InFlight) => events.push(`sending ${call.kind}`),
    onSent: (call: InFlight, runId?: string) => events.push(`sent ${call.kind} ${runId ?? '-'}`),
    ...extra,
  };
  return { deps, events, clock };
}

describe('callContext', () => {
  it.each([
    ['no deadline: only the signal', undefined, 0, {}],
    ['the time left', 10_000, 4_000, { deadlineMs: 6_000 }],
    ['at least 1 ms, past the deadline', 10_000, 12_000, { deadlineMs: 1 }],
  ] as const)('%s', (_name, deadline, now, expected) => {
    const signal = new AbortController().signal;
    const { deps, clock } = fakeDeps({}, { deadline, signal });
    clock.t = now;
    expect(callContext(deps)).toEqual({ signal, ...expected });
  });
});

describe('mayHaveTakenEffect', () => {
  it.each<[string, unknown, boolean]>([
    ['a transient failure', cliError('transient'), true],
    ['a call that hit its deadline', cliError('deadline'), true],
    ['a call cut off', cliError('aborted'), true],
    ['a refused token', cliError('unauthorized'), false],
    ['a usage error', cliError('usage'), false],
    ['an error that is not the CLI’s', new Error('x'), false],
  ])('%s', (_name, error, expected) => {
    expect(mayHaveTakenEffect(error, fakeDeps({}).deps)).toBe(expected);
  });

  it('is true for anything once the job is cancelled', () => {
    const controller = new AbortController();
    controller.abort();
    const { deps } = fakeDeps({}, { signal: controller.signal });
    expect(mayHaveTakenEffect(new Error('x'), deps)).toBe(true);
  });
});

describe('readRun and workflowNameOf', () => {
  it('reads again after a transient failure, and says so', async () => {
    let calls = 0;
    const { deps, events } = fakeDeps({
      getRun: async () => {
        if (++calls === 1) throw cliError('transient', 'status 503');
        return details(0);
      },
    });
    await expect(readRun(RUN, deps)).resolves.toEqual(details(0));
    expect(calls).toBe(2);
    expect(events).toEqual(['log status 503; retrying (1)']);
  });

  it('does not retry a refused token', async () => {
    let calls = 0;
    const { deps } = fakeDeps({
      getRun: async () => {
        calls++;
        throw cliError('unauthorized');
      },
    });
    await expect(readRun(RUN, deps)).rejects.toThrow('unauthorized');
    expect(calls).toBe(1);
  });

  it('looks the workflow’s name up by the run’s workflow id', async () => {
    const asked: string[] = [];
    const { deps } = fakeDeps({
      workflowName: async (id: string) => {
        asked.push(id);
        return 'orders';
      },
    });
    await expect(workflowNameOf(details(0, 'wf-1'), deps)).resolves.toBe('orders');
    expect(asked).toEqual(['wf-1']);
    // No workflow id: refused (thrown or rejected alike), with no lookup.
    const noId = Promise.resolve().then(() => workflowNameOf(details(0, ''), deps));
    await expect(noId).rejects.toThrow(say.noWorkflowId(RUN));
    expect(asked).toEqual(['wf-1']);
  });
});

describe('replayOnce', () => {
  it('records the call before sending it, with its baseline, then its run', async () => {
    const { deps, events } = fakeDeps({ replay: async () => ['task'] });
    const sending: InFlight[] = [];
    deps.onSending = (call) => sending.push(call);
    await replayOnce(details(2), deps);
    expect(sending).toEqual([
      {
        kind: 'replay',
        key: `replay:${RUN}`,
        runId: RUN,
        before: acceptanceBaseline(details(2)),
      },
    ]);
    // What the post step is given judges the replay as the main step does.
    const saved = sending[0]!.kind === 'replay' ? sending[0]!.before : details(2);
    expect(replayAccepted(saved, details(3))).toBe(true);
    expect(replayAccepted(saved, details(2))).toBe(false);
    expect(events).toEqual([`log Replayed run ${RUN} (1 task).`, `sent replay ${RUN}`]);
  });

  it('refuses an answer with no task ids', async () => {
    const { deps, events } = fakeDeps({ replay: async () => [] });
    await expect(replayOnce(details(0), deps)).rejects.toThrow(say.replayedNothing(RUN));
    expect(events).toEqual(['sending replay', 'sent replay -']);
  });

  it('does not send again a replay whose lost answer the engine accepted', async () => {
    let replays = 0;
    const { deps, events } = fakeDeps({
      replay: async () => {
        replays++;
        throw cliError('transient', 'status 503');
      },
      getRun: async () => details(1),
    });
    await replayOnce(details(0), deps);
    expect(replays).toBe(1);
    expect(events).toContain('log status 503; the replay was accepted all the same.');
    expect(events.at(-1)).toBe(`sent replay ${RUN}`);
  });

  it('sends it again when nothing shows it within the window', async () => {
    let replays = 0;
    const { deps, events, clock } = fakeDeps({
      replay: async () => (++replays === 1 ? Promise.reject(cliError('transient', '503')) : ['t']),
      getRun: async () => details(0),
    });
    await replayOnce(details(0), deps);
    expect(replays).toBe(2);
    expect(clock.t).toBeGreaterThanOrEqual(ACCEPT_WINDOW_MS);
    expect(events).toContain('log 503; the replay did not take effect, sending it again (1).');
  });

  it('leaves a call that may have taken effect in flight for the post step', async () => {
    const controller = new AbortController();
    const { deps, events } = fakeDeps(
      {
        replay: async () => {
          controller.abort();
          throw cliError('aborted');
        },
      },
      { signal: controller.signal },
    );
    await expect(replayOnce(details(0), deps)).rejects.toThrow('aborted');
    expect(events).toEqual(['sending replay']);
  });

  it('leaves a replay in doubt at the deadline in flight for the post step', async () => {
    const { deps, events } = fakeDeps({
      replay: async () => Promise.reject(cliError('transient', '503')),
      getRun: async () => details(0),
    });
    await expect(replayOnce(details(0), { ...deps, deadline: 30_000 })).rejects.toThrow('503');
    expect(events.at(-1)).not.toMatch(/^sent replay/);
  });

  it('after a plain error (the job goes on), leaves a replay in doubt to finish', async () => {
    const { deps, events } = fakeDeps({
      replay: async () => Promise.reject(cliError('transient', '503')),
      getRun: async () => details(0),
    });
    // No deadline: the retry budget runs out while the job goes on.
    await expect(replayOnce(details(0), deps)).rejects.toThrow('503');
    expect(events.at(-1)).toBe('sent replay -');
  });
});

describe('triggerRun', () => {
  it('writes the input to a private file, triggers, and removes the file', async () => {
    const seen: { mode: number; text: string }[] = [];
    const files: string[] = [];
    const { deps, events } = fakeDeps({
      trigger: async (_workflow: string, file: string) => {
        files.push(file);
        seen.push({ mode: statSync(file).mode & 0o777, text: readFileSync(file, 'utf8') });
        return { runId: NEW };
      },
    });
    await expect(triggerRun('orders', { amount: 5 }, deps)).resolves.toBe(NEW);
    expect(seen).toEqual([{ mode: 0o600, text: '{"amount":5}' }]);
    expect(existsSync(dirname(files[0] as string))).toBe(false);
    expect(events).toEqual([
      'sending trigger',
      `log Triggered workflow 'orders' as run ${NEW}.`,
      `sent trigger ${NEW}`,
    ]);
  });

  it.each<[string, CliErrorKind, string, string]>([
    [
      'an unknown workflow',
      'not-found',
      say.workflowNotFound('no such workflow'),
      'sent trigger -',
    ],
    [
      'a refused token',
      'unauthorized',
      say.triggerFailed('no such workflow', false),
      'sent trigger -',
    ],
    // A run may exist, and the message says so.
    ['a lost answer', 'transient', say.triggerFailed('no such workflow', true), 'sent trigger -'],
    [
      'an unreadable answer',
      'bad-output',
      say.triggerFailed('no such workflow', true),
      'sent trigger -',
    ],
  ])('never retries; %s is worded', async (_name, kind, message, last) => {
    let triggers = 0;
    const { deps, events } = fakeDeps({
      trigger: async () => {
        triggers++;
        throw cliError(kind, 'no such workflow');
      },
    });
    await expect(triggerRun('orders', {}, deps)).rejects.toThrow(message);
    expect(triggers).toBe(1);
    expect(events.at(-1)).toBe(last);
  });
});
