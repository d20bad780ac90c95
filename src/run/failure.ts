import { formatDuration } from '../text/duration.js';
import { HatchetCliError } from '../hatchet/errors.js';

/** A failure that ends one run's handling with status ERROR and this message. */
export class RunError extends Error {}

/** Every message that explains why a run did not pass, worded in one place. */
export const say = {
  notFinished: (runId: string, status: string) =>
    `Run ${runId} is ${status}: only a finished run (COMPLETED, FAILED or CANCELLED) can be replayed. Wait for it to finish, or cancel it first.`,
  replayedNothing: (runId: string) =>
    `Hatchet replayed nothing for run ${runId} (it answered with no task ids): the run may be past retention or in another tenant.`,
  noWorkflow: () => 'Set the `workflow` input: there is no original run to take it from.',
  noWorkflowId: (runId: string) =>
    `Run ${runId} does not say which workflow it belongs to: set the \`workflow\` input.`,
  timedOut: (runId: string, timeoutMs: number) =>
    `Run ${runId} did not finish within ${formatDuration(timeoutMs)} (input \`timeout\`).`,
  startTimedOut: (runId: string, startTimeoutMs: number, workflow: string | undefined) =>
    `Run ${runId} was still QUEUED after ${formatDuration(startTimeoutMs)} (input \`start-timeout\`): no worker picked it up. Check that a worker for workflow '${workflow ?? 'unknown'}' is running and connected.`,
  notSettled: (runId: string, problem: string, waitedMs: number) =>
    `Run ${runId} did not settle within ${formatDuration(waitedMs)} of being read: ${problem}. A replay must start from a finished, settled run (another replay or a retry of it may still be under way): replay it once that has ended.`,
  timedOutAt: (subject: string, timeoutMs: number, detail: string) =>
    `The timeout (${formatDuration(timeoutMs)}, input \`timeout\`) ran out while handling ${subject}: ${detail}`,
  noTimeForLogs: (timeoutMs: number) =>
    `Logs and events were not fetched: the timeout (${formatDuration(timeoutMs)}) had run out.`,
  replayInDoubt: (runId: string) =>
    `The replay of run ${runId} was cut off in flight and may have taken effect: the post step looks, and cancels the run if it did (input \`cancel-on-abort\`).`,
  replayMayRun: (runId: string) =>
    `The replay of run ${runId} failed in a way that may still have let it through: if it did, the run is left to finish. Check it in the dashboard before replaying it again.`,
  leftOut: (tasks: string) =>
    `The report leaves out ${tasks}: the run still showed its row from before the replay, which says nothing of the new attempt.`,
  aborted: (runId: string) => `The job was cancelled while waiting for run ${runId}.`,
  abortedBeforeStart: () => 'The job was cancelled before this run was started.',
  outputRestricted: (runId: string) =>
    `Run ${runId}'s output cannot be compared: Hatchet does not show its payloads (payloadsRestricted), so \`compare-output\` cannot check it.`,
  outputDiffers: (runId: string) =>
    `Run ${runId} completed, but its output differs from the original run's (input \`compare-output\`).`,
  leftRunning: (runId: string) =>
    `Run ${runId} was left running: its outcome could not be followed.`,
  notCancelled: (runId: string) =>
    `Run ${runId} was left running (input \`cancel-on-abort\` is false).`,
  workflowNotFound: (message: string) =>
    `${message}. Check the workflow's name (input \`workflow\`); the CLI only searches the first page of the tenant's workflows (the first 50 in v0.104.7).`,
  triggerFailed: (message: string, maybeCreated: boolean) =>
    `${message}. The trigger was not retried: it is not idempotent${maybeCreated ? ", and a run may have been created anyway: check the workflow's runs before trying again" : ''}.`,
};

/** The message for an error that ended a run's handling, naming what was being handled. */
export function describeFailure(error: unknown, subject: string): string {
  if (error instanceof RunError) return error.message;
  if (error instanceof HatchetCliError) {
    const what = `${error.command}: ${error.detail || error.message}`;
    switch (error.kind) {
      case 'not-found':
        return `Hatchet has no ${subject} (${what}). Check the id and that the token's tenant owns it.`;
      case 'unauthorized':
        return `Hatchet refused the token for ${subject} (${what}). Check that the token is valid, not expired, and belongs to the run's tenant.`;
      case 'profile':
        return `${error.message}. Pass \`token\` (or set HATCHET_CLIENT_TOKEN) so the action creates the profile, or create the profile on the runner beforehand.`;
      default:
        return `${error.message} (while handling ${subject})`;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
