import * as core from '../text/actions.js';
import { z } from 'zod';
import { runDetailsSchema } from '../hatchet/schemas.js';
import type { InFlight } from '../run/phases.js';

/** What the post step needs to cancel runs the main step left running and to clean up. */
export interface CleanupState {
  binary?: string;
  profile?: string;
  home?: string;
  cancelOnAbort?: boolean;
  /** Runs replayed or triggered and not yet seen to finish (or cancelled). */
  pending: string[];
  /** Replays and triggers recorded before they were sent, whose outcome is not known yet. */
  inFlight?: InFlight[];
  /** CLI processes of replays and triggers still running (each leads its process group). */
  children?: number[];
}

const KEY = 'cleanup';

const inFlightSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('replay'),
    key: z.string(),
    runId: z.string(),
    before: runDetailsSchema,
  }),
  z.object({
    kind: z.literal('trigger'),
    key: z.string(),
    workflow: z.string(),
    inputDir: z.string(),
  }),
]);

const stateSchema = z.object({
  binary: z.string().optional(),
  profile: z.string().optional(),
  home: z.string().optional(),
  cancelOnAbort: z.boolean().optional(),
  pending: z.array(z.string()),
  inFlight: z.array(inFlightSchema).optional(),
  children: z.array(z.number().int().positive()).optional(),
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

  /** Saved before the call goes out: a step killed while it is in flight leaves it here. */
  sending(call: InFlight) {
    this.state.inFlight = [...(this.state.inFlight ?? []), call];
    this.save();
  }

  /** The call's outcome is known; the run it started (if any) is now followed. One save. */
  sent(call: InFlight, runId?: string) {
    this.state.inFlight = (this.state.inFlight ?? []).filter((c) => c.key !== call.key);
    if (runId && !this.state.pending.includes(runId)) this.state.pending.push(runId);
    this.save();
  }

  childStarted(pid: number) {
    this.state.children = [...(this.state.children ?? []), pid];
    this.save();
  }

  childEnded(pid: number) {
    if (!this.state.children?.includes(pid)) return;
    this.state.children = this.state.children.filter((p) => p !== pid);
    this.save();
  }

  /** Nothing left for the post step to cancel or check. */
  get idle(): boolean {
    return this.state.pending.length === 0 && (this.state.inFlight ?? []).length === 0;
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
