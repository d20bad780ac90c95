import { afterEach, describe, expect, it, vi } from 'vitest';
import { abortOnJobCancel } from '../../../src/action/abort.js';

describe('abortOnJobCancel', () => {
  const stops: (() => void)[] = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  function listen() {
    const controller = new AbortController();
    stops.push(abortOnJobCancel(controller));
    return controller;
  }

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'aborts on %s, says so once, and leaves within 6 s',
    (signal) => {
      vi.useFakeTimers();
      const printed: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        printed.push(String(chunk));
        return true;
      });
      const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
      const controller = listen();
      process.emit(signal, signal);
      process.emit(signal, signal);
      expect(controller.signal.aborted).toBe(true);
      expect(printed).toEqual([
        `::warning::Received ${signal}: stopping, cancelling what was started, writing what is known.\n`,
      ]);
      vi.advanceTimersByTime(5_999);
      expect(exit).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(exit).toHaveBeenCalledWith(1);
      expect(exit).toHaveBeenCalledTimes(1);
    },
  );

  it('stops listening when told to', () => {
    const before = process.listenerCount('SIGTERM');
    const controller = new AbortController();
    const stop = abortOnJobCancel(controller);
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    expect(process.listenerCount('SIGINT')).toBeGreaterThan(0);
    stop();
    expect(process.listenerCount('SIGTERM')).toBe(before);
    expect(controller.signal.aborted).toBe(false);
  });
});
