import { describe, expect, it, vi } from 'vitest';
import { exitProcess, exitWhenFlushed } from '../../../src/action/exit.js';

/** A stream whose writes are flushed when the test says. */
function stream() {
  const callbacks: (() => void)[] = [];
  return {
    write: vi.fn((_chunk: string, callback: () => void) => {
      callbacks.push(callback);
      return true;
    }),
    flush: () => callbacks.splice(0).forEach((callback) => callback()),
  };
}

describe('exitWhenFlushed', () => {
  it('exits once every stream has flushed what was written before, with the code given', () => {
    const [out, err] = [stream(), stream()];
    const exit = vi.fn();
    exitWhenFlushed(1, [out, err], exit);
    expect(exit).not.toHaveBeenCalled();
    out.flush();
    expect(exit).not.toHaveBeenCalled();
    err.flush();
    expect(exit).toHaveBeenCalledExactlyOnceWith(1);
  });

  it('leaves the code to process.exitCode when none is given', () => {
    const out = stream();
    const exit = vi.fn();
    exitWhenFlushed(undefined, [out], exit);
    out.flush();
    expect(exit).toHaveBeenCalledExactlyOnceWith(undefined);
  });

  it('exits with process.exitCode (a failure set it) when no code is given', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const saved = process.exitCode;
    try {
      process.exitCode = 1;
      exitProcess();
      expect(exit).toHaveBeenCalledExactlyOnceWith(1);
      exitProcess(2);
      expect(exit).toHaveBeenLastCalledWith(2);
    } finally {
      process.exitCode = saved;
      exit.mockRestore();
    }
  });
});
