import semver from 'semver';

/** The first CLI with `-o json` on `runs get/replay/logs/events` and `trigger`. */
export const MINIMUM_CLI_VERSION = '0.79.1';

/**
 * What a CLI built from source (`go build`, `go install`) prints for `--version`: the default of
 * its `Version` variable, which only release builds overwrite (ldflags). It is not a release.
 */
export const DEVELOPMENT_BUILD_VERSION = '0.1.0-alpha.0';

export type CliVersionCheck =
  /** `warning`: go on, but say this (e.g. with `core.warning`). */
  | { supported: true; warning?: string }
  /** `error`: refuse the CLI with this message. */
  | { supported: false; error: string };

/** Judges a `hatchet --version` answer against MINIMUM_CLI_VERSION. */
export function checkCliVersion(reported: string): CliVersionCheck {
  const version = semver.parse(reported.trim());
  if (!version) {
    // Only the characters of a version go into the message: the text came from the CLI.
    const shown = reported.replace(/[^\w.+-]/g, '').slice(0, 40);
    return {
      supported: true,
      warning: `\`hatchet --version\` printed '${shown}', which is not a version: the action cannot check that the CLI is ${MINIMUM_CLI_VERSION} or newer, and goes on.`,
    };
  }
  if (semver.eq(version, DEVELOPMENT_BUILD_VERSION)) {
    return {
      supported: true,
      warning: `The Hatchet CLI reports v${DEVELOPMENT_BUILD_VERSION}: a development build (built from source), not a release. The action assumes it supports \`-o json\` (${MINIMUM_CLI_VERSION} or newer); install a release (\`install: true\`) if its commands fail.`,
    };
  }
  if (semver.lt(version, MINIMUM_CLI_VERSION)) {
    return {
      supported: false,
      error: `The Hatchet CLI ${version.version} is too old: the action needs ${MINIMUM_CLI_VERSION} or newer (the first with \`-o json\` on the commands it uses). Set \`version\` to a newer release, or update the CLI on the runner.`,
    };
  }
  return { supported: true };
}
