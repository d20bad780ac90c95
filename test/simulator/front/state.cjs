// @ts-check
'use strict';
/*
 * The simulator's state in $HATCHET_SIM_DIR: the scenario (scenario.json, written by the test)
 * and the history (state.json: `{epoch, actions, faultHits}`), read and written under a lock
 * (state.lock, a directory with its owner's pid) that a killed call cannot leave behind.
 */
const fs = require('node:fs');
const path = require('node:path');

/**
 * @typedef {import('../model/types.cjs').Scenario} Scenario
 * @typedef {import('../model/types.cjs').Action} Action
 * @typedef {{ epoch: number, actions: Action[], faultHits: Record<string, number> }} State
 */

/** @param {number} ms */
function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const STALE_LOCK_MS = 30_000;

/**
 * Runs `fn(state)` under the lock and saves the state. The state holds explicit fields only
 * (numbers, strings): nothing that JSON would turn into null.
 * @template T
 * @param {string} simDir @param {(state: State) => T} fn
 * @returns {T}
 */
function withState(simDir, fn) {
  const lock = path.join(simDir, 'state.lock');
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'owner'), String(process.pid));
      break;
    } catch {
      // A call killed while holding the lock (the action kills hung calls) leaves it behind. A
      // live owner is waited for, however slow a busy machine makes it: taking its lock would
      // let two calls write the state, and its release would then fail on the other's lock.
      // (STALE_LOCK_MS: a lock whose owner was killed before it could write its pid.)
      if (lockOwnerDead(lock) || lockAgeMs(lock) > STALE_LOCK_MS) {
        removeLock(lock);
      } else sleepSync(3);
    }
  }
  try {
    const file = path.join(simDir, 'state.json');
    /** @type {State} */
    let state;
    try {
      state = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      state = { epoch: Date.now(), actions: [], faultHits: {} };
    }
    const result = fn(state);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(state));
    fs.renameSync(`${file}.tmp`, file);
    return result;
  } finally {
    releaseLock(lock);
  }
}

/** How long ago the lock was taken (0 if it is gone). @param {string} lock */
function lockAgeMs(lock) {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

/** Removes the lock if this process still owns it (never another's). @param {string} lock */
function releaseLock(lock) {
  try {
    if (fs.readFileSync(path.join(lock, 'owner'), 'utf8') !== String(process.pid)) return;
    removeLock(lock);
  } catch {
    // Gone already: taken as stale by another call.
  }
}

/**
 * Removes the lock directory and its owner file, if there (not `rmSync`'s recursive removal: it
 * loads a module that costs every call several ms).
 * @param {string} lock
 */
function removeLock(lock) {
  for (const remove of [() => fs.unlinkSync(path.join(lock, 'owner')), () => fs.rmdirSync(lock)]) {
    try {
      remove();
    } catch (error) {
      // Gone, or taken again by another call meanwhile (its owner file written): not ours.
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      if (code !== 'ENOENT' && code !== 'ENOTEMPTY') throw error;
    }
  }
}

/** @param {string} lock */
function lockOwnerDead(lock) {
  let owner;
  try {
    owner = Number(fs.readFileSync(path.join(lock, 'owner'), 'utf8'));
  } catch {
    return false; // being created right now
  }
  if (!owner) return false;
  try {
    process.kill(owner, 0);
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'ESRCH';
  }
  // Killed but not yet reaped by its parent: a zombie holds no lock.
  try {
    const stat = fs.readFileSync(`/proc/${owner}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z';
  } catch {
    return false;
  }
}

/** @param {string} simDir @returns {Scenario} */
function loadScenario(simDir) {
  return JSON.parse(fs.readFileSync(path.join(simDir, 'scenario.json'), 'utf8'));
}

module.exports = { withState, lockOwnerDead, loadScenario };
