import { describe, expect, it } from 'vitest';
import { Stopped, phase, type Reached } from '../../../src/run/phases.js';

const REACHED: Reached = { sending: true };

describe('Stopped', () => {
  it.each<[string, unknown, string]>([
    ['an Error', new Error('boom'), 'boom'],
    ['a string', 'went wrong', 'went wrong'],
    ['undefined', undefined, 'undefined'],
  ])('takes the message of %s and keeps the error and the phases reached', (_n, error, message) => {
    const stopped = new Stopped(error, REACHED);
    expect(stopped).toBeInstanceOf(Error);
    expect(stopped.message).toBe(message);
    expect(stopped.error).toBe(error);
    expect(stopped.reached).toBe(REACHED);
  });
});

describe('phase', () => {
  it('returns what the work returns', async () => {
    await expect(phase(REACHED, async () => 7)).resolves.toBe(7);
  });

  it('wraps an error in Stopped with the phases reached', async () => {
    const error = new Error('read failed');
    const thrown = await phase(REACHED, async () => {
      throw error;
    }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Stopped);
    expect((thrown as Stopped).error).toBe(error);
    expect((thrown as Stopped).reached).toBe(REACHED);
  });

  it('passes on a Stopped from an inner phase, with the phases it had reached', async () => {
    const inner = new Stopped(new Error('inner'), { sending: false });
    const thrown = await phase(REACHED, async () => {
      throw inner;
    }).catch((e: unknown) => e);
    expect(thrown).toBe(inner);
    expect((thrown as Stopped).reached).toEqual({ sending: false });
  });

  it('catches a rejection of work that is awaited, not only a synchronous throw', async () => {
    const thrown = await phase(REACHED, () => Promise.reject(new Error('later'))).catch(
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(Stopped);
  });
});
