import * as core from '../text/actions.js';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { abortOnJobCancel } from './abort.js';
import { pool } from './pool.js';
import { runUrl } from '../hatchet/link.js';
import { InputError, loadInputs, type Settings } from '../settings/load.js';
import { modeOf, planOf } from './targets.js';
import {
  loadReporting,
  publishFailure,
  publishResults,
  type SelectionReport,
} from '../report/publish.js';
import { realClock } from '../run/clock.js';
import { notStarted, runSeries, type RunDeps } from '../run/pipeline.js';
import { selectRuns, type SelectDeps, type Selection } from '../run/select.js';
import { setUpCli } from './setup.js';
import { CleanupTracker } from './state.js';
import { logSafe } from '../text/sanitize.js';
import { redact } from '../text/secrets.js';

/** CLI calls that change something in Hatchet: their processes are tracked for the post step. */
const STATE_CHANGING = new Set(['runs replay', 'trigger manual']);

/** Runs the step; resolves the exit code it must end with, if not `process.exitCode`. */
export async function run(): Promise<number | undefined> {
  const abort = new AbortController();
  const stopListening = abortOnJobCancel(abort);
  const tracker = new CleanupTracker();
  let settings: Settings | undefined;
  try {
    settings = loadInputs();
    await replayAll(settings, tracker, abort.signal);
  } catch (error) {
    if (!(error instanceof InputError)) core.debug(redact((error as Error).stack ?? ''));
    await publishFailure(redact(error instanceof Error ? error.message : String(error)), {
      status: abort.signal.aborted ? 'ABORTED' : 'ERROR',
      title:
        error instanceof InputError
          ? 'Invalid inputs'
          : abort.signal.aborted
            ? 'Aborted: the job was cancelled'
            : 'Hatchet replay could not run',
      summary: settings?.summary ?? (error instanceof InputError && error.summary),
      originalRunIds: settings?.runIds,
      mode: settings && modeOf(settings),
    });
  } finally {
    // The post step needs the private profile to cancel a run left running; it removes it then.
    if (tracker.state.home && tracker.idle) {
      rmSync(tracker.state.home, { recursive: true, force: true });
      tracker.update({ home: undefined });
    }
    stopListening();
  }
  // Cancelled: the step fails (the runner is about to kill it).
  return abort.signal.aborted ? 1 : undefined;
}

/** `select-workflow`: the runs to replay, within `timeout`, in a log group of their own. */
function select(filter: Selection, settings: Settings, deps: SelectDeps) {
  // The group holds what it found: a group closed before its message would show empty.
  return core.group('Select runs', async (): Promise<SelectionReport> => {
    const found = await selectRuns(filter, { ...deps, deadline: Date.now() + settings.timeoutMs });
    const more = found.more ? '+' : '';
    core.info(logSafe(`${found.matched}${more} run(s) matched; replaying ${found.runIds.length}.`));
    return { filter, ...found };
  });
}

async function replayAll(settings: Settings, tracker: CleanupTracker, signal: AbortSignal) {
  const tempDir = process.env.RUNNER_TEMP || tmpdir();
  tracker.update({ profile: settings.profile, cancelOnAbort: settings.cancelOnAbort });
  const cli = await core.group('Set up the Hatchet CLI', () =>
    setUpCli(settings, tempDir, signal, (home, binary) => tracker.update({ home, binary })),
  );
  tracker.update({ binary: cli.binary });
  // The report's modules load while the first CLI calls run, not after the verdict.
  loadReporting().catch(() => undefined);
  // A replay or trigger CLI outliving a killed step is stopped by the post step.
  cli.hatchet.cli.watch({
    started: (pid, args) => {
      if (STATE_CHANGING.has(args.slice(0, 2).join(' '))) tracker.childStarted(pid);
    },
    ended: (pid) => tracker.childEnded(pid),
  });
  const deps = { hatchet: cli.hatchet, clock: realClock, signal };
  const selection = settings.selection && (await select(settings.selection, settings, deps));
  const { plan, targets } = planOf(settings, selection?.runIds);
  const runDeps = (label: string): RunDeps => ({
    ...deps,
    tempDir,
    linkTo: (tenantId, id) => runUrl(cli.serverUrl, tenantId, id),
    onSending: (call) => tracker.sending(call),
    onSent: (call, id) => tracker.sent(call, id),
    onSettled: (id) => tracker.settled(id),
    log: (line) => core.info(logSafe(plan.inGate ? `[${label}] ${line}` : line)),
  });
  const series = await core.group(
    plan.mode === 'replay' ? 'Replay and wait' : 'Trigger and wait',
    () =>
      pool(
        targets,
        settings.concurrency,
        (target) =>
          runSeries(
            plan,
            target,
            runDeps(target.caseName ?? target.originalRunId?.slice(0, 8) ?? ''),
          ),
        (target) => [notStarted(plan, target)],
        signal,
      ),
  );
  await core.group('Report', () => publishResults(series.flat(), settings, selection));
}
