// @ts-check
'use strict';
/*
 * The call log, $HATCHET_SIM_DIR/calls.jsonl, for the tests: one line per call (argv, the relevant
 * environment, stdin), one per exit, one per grandchild a hang starts, and for `trigger manual`
 * what its `-j` file held and its mode.
 */
const fs = require('node:fs');
const path = require('node:path');

/** @param {string} simDir @param {Record<string, unknown>} entry */
function appendCall(simDir, entry) {
  fs.appendFileSync(path.join(simDir, 'calls.jsonl'), `${JSON.stringify(entry)}\n`);
}

/**
 * Logs this call (nothing without a scenario directory).
 * @param {string | undefined} simDir @param {string[]} argv @param {number} startedAt
 */
function logCall(simDir, argv, startedAt) {
  if (!simDir) return;
  const env = process.env;
  appendCall(simDir, {
    pid: process.pid,
    t: startedAt,
    // When the process began, before node loaded anything: close to when the action spawned it.
    spawned: Math.round(performance.timeOrigin),
    argv,
    env: {
      telemetry: env.HATCHET_CLI_TELEMETRY_ENABLED,
      logFormat: env.HATCHET_CLI_LOGGER_FORMAT,
      term: env.TERM,
      home: env.HOME,
      clientVars: Object.keys(env).filter((k) => k.startsWith('HATCHET_CLIENT_')),
      inputVars: Object.keys(env).filter((k) => k.startsWith('INPUT_')),
    },
    stdin: stdinState(),
  });
}

function stdinState() {
  try {
    const stat = fs.fstatSync(0);
    return stat.isFIFO() ? 'pipe' : stat.isCharacterDevice() ? 'tty-or-null' : 'other';
  } catch {
    return 'closed';
  }
}

/**
 * What `trigger manual` would read from `-j` (the model checks it in the CLI's order), logged
 * for the tests (not CLI behaviour) with the file's mode.
 * @param {string} simDir @param {string} file
 * @returns {{ path: string, text?: string, error?: string }}
 */
function readJsonFile(simDir, file) {
  try {
    const stat = fs.statSync(file);
    const text = fs.readFileSync(file, 'utf8');
    /** @type {unknown} */
    let input = text;
    try {
      input = JSON.parse(text);
    } catch {
      // logged as text
    }
    appendCall(simDir, {
      pid: process.pid,
      t: Date.now(),
      trigger: { file, mode: (stat.mode & 0o777).toString(8), input },
    });
    return { path: file, text };
  } catch (error) {
    appendCall(simDir, { pid: process.pid, t: Date.now(), trigger: { file, missing: true } });
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    const reason =
      code === 'EISDIR'
        ? 'is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : 'no such file or directory';
    return { path: file, error: reason };
  }
}

module.exports = { appendCall, logCall, readJsonFile };
