import * as core from '../text/actions.js';
import { chmodSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { HatchetCli } from '../hatchet/cli.js';
import { Hatchet } from '../hatchet/commands.js';
import { serverUrlFromProfile, serverUrlFromToken, writeProfile } from '../hatchet/profile.js';
import { checkCliVersion } from '../hatchet/version.js';
import type { Settings } from '../settings/load.js';
import { findCliOnPath } from '../install/which.js';
import { logSafe } from '../text/sanitize.js';

export interface Setup {
  hatchet: Hatchet;
  /** The dashboard's base URL, when the token or the profile tells it. */
  serverUrl?: string;
  /** The private CLI home (removed at the end), when the action made the profile. */
  home?: string;
  binary: string;
}

/**
 * Installs or finds the CLI, and with a token creates the profile in a private HOME under
 * RUNNER_TEMP, so that neither it nor the token outlives the step. The CLI's version is checked
 * once, beside the first calls (see `Hatchet`'s `ready`).
 */
export async function setUpCli(
  settings: Settings,
  tempDir: string,
  signal: AbortSignal,
  onHome: (home: string, binary: string) => void,
): Promise<Setup> {
  // The installer (and the HTTP client it downloads with) loads only when it is asked for.
  const installed = settings.install
    ? await unlessCancelled(
        import('../install/install.js').then(({ installCli }) =>
          installCli(
            {
              version: settings.version,
              downloadUrl: settings.downloadUrl,
              githubToken: settings.githubToken,
            },
            signal,
          ),
        ),
        signal,
        'installing the Hatchet CLI',
      )
    : undefined;
  if (installed) {
    core.info(
      installed.fromCache
        ? `Found the Hatchet CLI ${installed.version} in the tool cache.`
        : `Installed the Hatchet CLI ${installed.version}.`,
    );
  }
  const binary = installed?.binary ?? (await findCliOnPath());
  const home = settings.token ? privateHome(tempDir) : undefined;
  if (home) onHome(home, binary);
  // The profile first: every CLI call, `--version` included, reads it.
  if (home && settings.token) {
    writeProfile(home, settings.profile, settings.token);
    core.info(`Created profile '${settings.profile}' in a private CLI home.`);
  }
  const cli = new HatchetCli({
    binary,
    profile: settings.profile,
    home,
    maxConcurrent: Math.min(8, Math.max(2, settings.concurrency + 1)),
    onCall: (args) => core.debug(`hatchet ${args.join(' ')}`),
  });
  // The version check runs beside the first reads; nothing is changed before it passed.
  const checked = checkVersion(new Hatchet(cli), binary, installed?.version, signal);
  checked.catch(() => undefined);
  const hatchet = new Hatchet(cli, checked);
  const serverUrl =
    serverUrlFromToken(settings.token) ??
    (home ? undefined : serverUrlFromProfile(settings.profile));
  return { hatchet, serverUrl, home, binary };
}

/** The CLI runs and reports a version the action supports (and the one installed, if any). */
async function checkVersion(
  hatchet: Hatchet,
  binary: string,
  installed: string | undefined,
  signal: AbortSignal,
): Promise<void> {
  const reported = await hatchet.version({ signal }).catch((error: unknown) => {
    throw new Error(`The Hatchet CLI at ${binary} does not run: ${(error as Error).message}`, {
      cause: error,
    });
  });
  if (installed && reported.replace(/^v/, '') !== installed) {
    throw new Error(
      `The installed Hatchet CLI reports version ${reported}, but ${installed} was asked for.`,
    );
  }
  const check = checkCliVersion(reported);
  if (!check.supported) throw new Error(check.error);
  if (check.warning) core.warning(check.warning);
  core.info(logSafe(`Hatchet CLI ${reported} (${binary})`));
}

/**
 * `work`, or an error as soon as the job is cancelled: the tool cache's downloads take no
 * signal, and a stalled one would otherwise outlast the runner's grace period, leaving no
 * summary. (The installer removes its download on the same signal; the process exits after.)
 */
function unlessCancelled<T>(work: Promise<T>, signal: AbortSignal, doing: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancelled = () => reject(new Error(`The job was cancelled while ${doing}.`));
    if (signal.aborted) cancelled();
    signal.addEventListener('abort', cancelled, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', cancelled));
  });
}

function privateHome(tempDir: string): string {
  const home = mkdtempSync(join(tempDir, 'hatchet-home-'));
  chmodSync(home, 0o700);
  return home;
}
