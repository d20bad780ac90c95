import * as core from '@actions/core';
import { z } from 'zod';

/** What the post step needs to cancel runs the main step left running and to clean up. */
export interface CleanupState {
  binary?: string;
  profile?: string;
  home?: string;
  cancelOnAbort?: boolean;
  /** Runs replayed or triggered and not yet seen to finish (or cancelled). */
  pending: string[];
}

const KEY = 'cleanup';

const stateSchema = z.object({
  binary: z.string().optional(),
  profile: z.string().optional(),
  home: z.string().optional(),
  cancelOnAbort: z.boolean().optional(),
  pending: z.array(z.string()),
});

export class CleanupTracker {
  readonly state: CleanupState = { pending: [] };

  update(patch: Partial<CleanupState>) {
    Object.assign(this.state, patch);
    this.save();
  }

  started(runId: string) {
    if (!this.state.pending.includes(runId)) this.state.pending.push(runId);
    this.save();
  }

  settled(runId: string) {
    this.state.pending = this.state.pending.filter((id) => id !== runId);
    this.save();
  }

  private save() {
    // The runner keeps the last value saved under a key; a killed main step leaves the latest.
    if (process.env.GITHUB_STATE) core.saveState(KEY, JSON.stringify(this.state));
  }
}

export function loadCleanupState(): CleanupState | undefined {
  const raw = core.getState(KEY);
  if (!raw) return undefined;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
