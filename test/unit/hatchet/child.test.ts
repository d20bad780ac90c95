import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  armStops,
  collectOutput,
  startChild,
  startFailure,
  type Child,
} from '../../../src/hatchet/child.js';
import { HatchetCliError } from '../../../src/hatchet/errors.js';

const COMMAND = 'hatchet runs get';

afterEach(() => {
  vi.useRealTimers();
});

/** What a Kill was called with, in order. */
function kills() {
  const reasons: HatchetCliError[] = [];
  return { reasons, kill: (reason: HatchetCliError) => reasons.push(reason) };
}

/** A stand-in for a child: only its two output streams are read. */
function fakeChild() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return { child: { stdout, stderr } as unknown as Child, stdout, stderr };
}

describe('startChild', () => {
  it('runs the binary with the arguments and environment given, nothing on stdin', async () => {
    const script =
      "let input = ''; process.stdin.on('data', (d) => (input += d)).on('end', () => console.log(JSON.stringify([process.argv.slice(1), process.env.ONLY, input])));";
    const child = startChild(process.execPath, ['-e', script, 'a b', '--x'], {
      ONLY: 'this',
      PATH: process.env.PATH,
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([['a b', '--x'], 'this', '']);
  });

  it.runIf(process.platform === 'linux')(
    'starts the child in a process group of its own (a deadline kills what it started)',
    async () => {
      const script =
        "const f = require('fs').readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' '); console.log(JSON.stringify([process.pid, Number(f[2])]));";
      const child = startChild(process.execPath, ['-e', script], { PATH: process.env.PATH });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      await once(child, 'close');
      const [pid, group] = JSON.parse(stdout) as [number, number];
      expect(group).toBe(pid);
    },
  );

  it('reports a missing binary as an error event (startFailure names it)', async () => {
    const child = startChild('/nonexistent/hatchet', [], {});
    const [error] = (await once(child, 'error')) as [NodeJS.ErrnoException];
    expect(startFailure(error, '/nonexistent/hatchet', COMMAND).kind).toBe('missing-binary');
  });
});

describe('armStops', () => {
  it('stops the child at its deadline, in whole seconds', () => {
    vi.useFakeTimers();
    const { reasons, kill } = kills();
    armStops({ command: COMMAND, deadlineMs: 2_400 }, kill);
    vi.advanceTimersByTime(2_399);
    expect(reasons).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reasons.map((r) => [r.kind, r.command, r.message])).toEqual([
      ['deadline', COMMAND, `${COMMAND} did not answer within 2s and was stopped`],
    ]);
  });

  it('stops the child when the job is cancelled', () => {
    vi.useFakeTimers();
    const { reasons, kill } = kills();
    const controller = new AbortController();
    armStops({ command: COMMAND, deadlineMs: 60_000, signal: controller.signal }, kill);
    controller.abort();
    expect(reasons.map((r) => [r.kind, r.message])).toEqual([['aborted', `${COMMAND}: cancelled`]]);
    expect(reasons[0]).toBeInstanceOf(HatchetCliError);
  });

  it('does neither once disarmed', () => {
    vi.useFakeTimers();
    const { reasons, kill } = kills();
    const controller = new AbortController();
    const disarm = armStops(
      { command: COMMAND, deadlineMs: 1_000, signal: controller.signal },
      kill,
    );
    disarm();
    controller.abort();
    vi.advanceTimersByTime(5_000);
    expect(reasons).toEqual([]);
  });
});

describe('collectOutput', () => {
  it('reads stdout and stderr apart, as UTF-8, a character split across chunks included', () => {
    const { child, stdout, stderr } = fakeChild();
    const { reasons, kill } = kills();
    const read = collectOutput(child, COMMAND, kill);
    const euro = Buffer.from('€', 'utf8');
    stdout.write(Buffer.from('{"a":"'));
    stdout.write(euro.subarray(0, 1));
    stdout.write(euro.subarray(1));
    stdout.write(Buffer.from('"}'));
    stderr.write(Buffer.from('warn\n'));
    expect(read()).toEqual({ stdout: '{"a":"€"}', stderr: 'warn\n' });
    expect(reasons).toEqual([]);
  });

  it('stops the child once stdout and stderr together pass 64 MiB, and keeps no more', () => {
    const { child, stdout, stderr } = fakeChild();
    const { reasons, kill } = kills();
    const read = collectOutput(child, COMMAND, kill);
    const half = Buffer.alloc(32 * 1024 * 1024, 'a');
    stdout.write(half);
    stderr.write(half);
    expect(reasons).toEqual([]);
    stderr.write(Buffer.from('b'));
    expect(reasons.map((r) => [r.kind, r.message])).toEqual([
      ['bad-output', `${COMMAND} printed more than 64 MiB`],
    ]);
    const { stdout: out, stderr: err } = read();
    expect([out.length, err.length, err.endsWith('b')]).toEqual([half.length, half.length, false]);
  });
});

describe('startFailure', () => {
  const failure = (code: string) =>
    Object.assign(new Error(`spawn x ${code}`), { code }) as NodeJS.ErrnoException;

  it.each<[string, string, RegExp]>([
    [
      'ENOENT',
      'missing-binary',
      /^The Hatchet CLI \(\/opt\/hatchet\) was not found\. Install it \(input `install: true`\) or put `hatchet` on PATH\.$/,
    ],
    ['EACCES', 'transient', /^hatchet runs get could not start: spawn x EACCES$/],
    ['EAGAIN', 'transient', /^hatchet runs get could not start: spawn x EAGAIN$/],
  ])('%s → %s', (code, kind, message) => {
    const error = startFailure(failure(code), '/opt/hatchet', COMMAND);
    expect(error).toBeInstanceOf(HatchetCliError);
    expect([error.kind, error.command]).toEqual([kind, COMMAND]);
    expect(error.message).toMatch(message);
  });
});
