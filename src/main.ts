import * as core from '@actions/core';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HatchetCli } from './hatchet/cli.js';
import { Hatchet } from './hatchet/commands.js';
import { MINIMUM_CLI_VERSION, supportsJson } from './hatchet/version.js';
import { InputError, loadInputs, type Settings } from './inputs.js';
import { findOnPath, installCli } from './install/install.js';
import { runUrl, serverUrlFromProfile, serverUrlFromToken } from './link.js';
import { handleRun } from './replay.js';
import { outputsFor } from './report/outputs.js';
import { renderSummary } from './report/summary.js';
import { cleanText, codeBlock, logSafe } from './report/sanitize.js';
import { logResults, writeReportFile } from './report/write.js';
import type { RunResult } from './result.js';
import { redact } from './secrets.js';
import { CleanupTracker } from './state.js';

/** After SIGINT/SIGTERM the runner kills the step within ~7.5 s: finish well before. */
const ABORT_EXIT_MS = 6_000;

export async function run(): Promise<void> {
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) return;
    core.warning(
      `Received ${signal}: stopping, cancelling what was started, writing what is known.`,
    );
    abort.abort();
    setTimeout(() => process.exit(1), ABORT_EXIT_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const tracker = new CleanupTracker();
  let settings: Settings | undefined;
  try {
    settings = loadInputs();
    const results = await replayAll(settings, tracker, abort.signal);
    await publish(results, settings);
    const failed = results.filter((r) => !r.passed);
    if (failed.length > 0) core.setFailed(failureMessage(failed, results.length));
  } catch (error) {
    const message = redact(error instanceof Error ? error.message : String(error));
    if (!(error instanceof InputError)) core.debug(redact((error as Error).stack ?? ''));
    core.setOutput('status', abort.signal.aborted ? 'ABORTED' : 'ERROR');
    core.setOutput('passed', 'false');
    if (settings) {
      core.setOutput('original-run-id', settings.runIds.join('\n'));
      core.setOutput('mode', settings.input ? 'retrigger' : 'replay');
    }
    if (settings?.summary ?? (error instanceof InputError && error.summary)) {
      const what = error instanceof InputError ? 'Invalid inputs' : 'Hatchet replay could not run';
      await writeSummary(`## ⚠️ ${what}\n\n${codeBlock(message)}\n`);
    }
    core.setFailed(message);
  } finally {
    if (tracker.state.home) rmSync(tracker.state.home, { recursive: true, force: true });
    tracker.update({ home: undefined });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  // Cancelled: leave now (the runner is about to kill the step), once stdout is flushed.
  if (abort.signal.aborted) process.stdout.write('', () => process.exit(1));
}

function failureMessage(failed: RunResult[], total: number): string {
  const lines = failed.map(
    (r) =>
      `Run ${r.runId ?? r.originalRunId} ended ${r.status}, expected ${r.expectedStatus}${r.message ? `: ${r.message}` : '.'}`,
  );
  const head = total > 1 ? `${failed.length} of ${total} runs did not pass.\n` : '';
  return cleanText(head + lines.join('\n'), 20_000);
}

async function replayAll(
  settings: Settings,
  tracker: CleanupTracker,
  signal: AbortSignal,
): Promise<RunResult[]> {
  const { hatchet, serverUrl } = await prepareCli(settings, tracker, signal);
  const several = settings.runIds.length > 1;
  const results: RunResult[] = new Array(settings.runIds.length);
  let next = 0;
  // `concurrency` workers take the runs in input order; results keep that order.
  const worker = async () => {
    while (next < settings.runIds.length) {
      const index = next++;
      const runId = settings.runIds[index] as string;
      results[index] = signal.aborted
        ? notStarted(runId, settings)
        : await handleRun(runId, {
            hatchet,
            settings,
            signal,
            linkTo: (tenantId, id) => runUrl(serverUrl, tenantId, id),
            onStarted: (id) => tracker.started(id),
            onSettled: (id) => tracker.settled(id),
            log: (line) => core.info(logSafe(several ? `[${runId.slice(0, 8)}] ${line}` : line)),
          });
    }
  };
  const workers = Math.min(settings.concurrency, settings.runIds.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** Installs or finds the CLI, checks it, and creates the profile in a private home if asked. */
async function prepareCli(settings: Settings, tracker: CleanupTracker, signal: AbortSignal) {
  const installed = settings.install ? await installAndReport(settings) : undefined;
  const binary = installed?.binary ?? findOnPath();
  let home: string | undefined;
  if (settings.token) {
    // A private HOME keeps the profile (and its token) away from later steps.
    home = mkdtempSync(join(process.env.RUNNER_TEMP ?? tmpdir(), 'hatchet-home-'));
    chmodSync(home, 0o700);
  }
  tracker.update({
    binary,
    profile: settings.profile,
    home,
    cancelOnAbort: settings.cancelOnAbort,
  });
  const hatchet = new Hatchet(
    new HatchetCli({
      binary,
      profile: settings.profile,
      home,
      onCall: (args) => core.debug(`hatchet ${args.join(' ')}`),
    }),
  );
  // The installed CLI was already checked; one found on PATH is checked here.
  const version =
    installed?.version ??
    (await hatchet.version({ signal }).catch((error: unknown) => {
      throw new Error(`The Hatchet CLI at ${binary} does not run: ${(error as Error).message}`, {
        cause: error,
      });
    }));
  core.info(logSafe(`Hatchet CLI ${version} (${binary})`));
  if (!supportsJson(version)) {
    throw new Error(
      `The Hatchet CLI ${version} is too old: the action needs ${MINIMUM_CLI_VERSION} or newer (the first with \`-o json\` on the commands it uses). Set \`version\` to a newer release, or update the CLI on the runner.`,
    );
  }
  if (settings.token) {
    await hatchet.addProfile(settings.profile, settings.token, { signal });
    core.info(`Created profile '${settings.profile}' in a private CLI home.`);
  }
  const serverUrl =
    serverUrlFromToken(settings.token) ??
    (home ? undefined : serverUrlFromProfile(settings.profile));
  return { hatchet, serverUrl };
}

async function installAndReport(settings: Settings): Promise<{ binary: string; version: string }> {
  const installed = await installCli({
    version: settings.version,
    downloadUrl: settings.downloadUrl,
    githubToken: settings.githubToken,
  });
  core.info(
    `${installed.fromCache ? 'Found' : 'Installed'} the Hatchet CLI ${installed.version}${installed.fromCache ? ' in the tool cache' : ''}.`,
  );
  const reported = await new Hatchet(
    new HatchetCli({ binary: installed.binary, profile: settings.profile }),
  )
    .version()
    .catch((error: unknown) => {
      throw new Error(`The installed Hatchet CLI does not run: ${(error as Error).message}`, {
        cause: error,
      });
    });
  if (reported.replace(/^v/, '') !== installed.version) {
    throw new Error(
      `The installed Hatchet CLI reports version ${reported}, but ${installed.version} was asked for.`,
    );
  }
  return { binary: installed.binary, version: reported };
}

function notStarted(runId: string, settings: Settings): RunResult {
  return {
    originalRunId: runId,
    mode: settings.input ? 'retrigger' : 'replay',
    status: 'ABORTED',
    expectedStatus: settings.expectedStatus,
    passed: false,
    message: 'The job was cancelled before this run was started.',
    events: [],
    logs: [],
    notes: [],
  };
}

async function publish(results: RunResult[], settings: Settings) {
  for (const [name, value] of Object.entries(outputsFor(results))) core.setOutput(name, value);
  try {
    core.setOutput('report', writeReportFile(results));
  } catch (error) {
    core.warning(`The report file could not be written: ${(error as Error).message}`);
  }
  logResults(results);
  if (settings.summary) await writeSummary(renderSummary(results, { logLines: settings.logLines }));
}

async function writeSummary(markdown: string) {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown).write({ overwrite: false });
  } catch (error) {
    core.warning(`The job summary could not be written: ${(error as Error).message}`);
  }
}
