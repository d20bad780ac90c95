// @ts-check
'use strict';
/*
 * The command line as the real CLI reads it: cobra's commands (each with its arguments and
 * flags, as cmd/hatchet-cli/cli defines them) and pflag's flag parsing, with their error texts.
 */

/**
 * @typedef {import('../model/types.cjs').FlagValue} FlagValue
 * @typedef {{ short?: string, type: 'string' | 'int' | 'bool' | 'slice', default?: FlagValue }} FlagSpec
 * @typedef {{ args: [number, number], flags: Record<string, FlagSpec> }} CommandSpec
 * @typedef {{ name: string, args: string[], flags: Record<string, FlagValue> }
 *   | { usage: string } | { fatal: string }} Command
 *   A command to run, or a usage error (cobra's, on both streams) or a fatal one.
 */

/** @type {Record<string, FlagSpec>} */
const PERSISTENT = {
  profile: { short: 'p', type: 'string' },
  output: { short: 'o', type: 'string' },
};
/** @type {Record<string, FlagSpec>} */
const FILTER_FLAGS = {
  since: { short: 's', type: 'string' },
  until: { type: 'string' },
  workflow: { short: 'w', type: 'string' },
  status: { type: 'slice' },
  yes: { short: 'y', type: 'bool' },
};
/** @type {Record<string, CommandSpec>} */
const COMMANDS = {
  'runs list': {
    args: [0, 0],
    flags: {
      ...PERSISTENT,
      since: { short: 's', type: 'string', default: '24h' },
      until: { type: 'string' },
      workflow: { short: 'w', type: 'string' },
      status: { type: 'slice' },
      limit: { type: 'int', default: 50 },
      offset: { type: 'int', default: 0 },
      'only-tasks': { type: 'bool' },
    },
  },
  'runs get': { args: [1, 1], flags: PERSISTENT },
  'runs replay': { args: [0, 1], flags: { ...PERSISTENT, ...FILTER_FLAGS } },
  'runs cancel': { args: [0, 1], flags: { ...PERSISTENT, ...FILTER_FLAGS } },
  'runs logs': {
    args: [1, 1],
    flags: {
      ...PERSISTENT,
      tail: { type: 'int', default: 0 },
      since: { type: 'string' },
      follow: { short: 'f', type: 'bool' },
    },
  },
  'runs events': { args: [1, 1], flags: PERSISTENT },
  'workflows get': { args: [1, 1], flags: PERSISTENT },
  'trigger manual': {
    args: [0, 0],
    flags: {
      ...PERSISTENT,
      workflow: { short: 'w', type: 'string' },
      json: { short: 'j', type: 'string' },
    },
  },
  'profile add': {
    args: [0, 0],
    flags: { token: { short: 't', type: 'string' }, name: { short: 'n', type: 'string' } },
  },
};
const GROUPS = ['runs', 'workflows', 'profile'];
const ALL_VALUE_FLAGS = new Set(['-p', '-o', '-s', '-w', '-j', '-t', '-n']);

/**
 * The command, its arguments and flags, checked as cobra checks them.
 * @param {string[]} argv
 * @returns {Command}
 */
function parseCommand(argv) {
  const words = commandWords(argv);
  const first = /** @type {string} */ (words[0]);
  const grouped = GROUPS.includes(first);
  const name =
    first === 'trigger' ? 'trigger manual' : grouped ? words.slice(0, 2).join(' ') : first;
  const spec = COMMANDS[name];
  if (!spec) {
    const parent = grouped ? `hatchet ${first}` : 'hatchet';
    return { usage: `unknown command "${words[grouped ? 1 : 0] ?? ''}" for "${parent}"` };
  }
  const parsed = parseFlags(argv, spec.flags);
  if ('error' in parsed) return { usage: parsed.error };
  const args = parsed.positional.slice(name.split(' ').length);
  if (name === 'trigger manual' && parsed.positional[1] !== 'manual')
    return { fatal: '--workflow and --json flags can only be used with manual triggering' };
  const [min, max] = spec.args;
  if (args.length < min || args.length > max) {
    return {
      usage:
        min === max
          ? `accepts ${min} arg(s), received ${args.length}`
          : `accepts at most ${max} arg(s), received ${args.length}`,
    };
  }
  return { name, args, flags: parsed.flags };
}

/**
 * The command words (positional arguments before any that are not command names).
 * @param {string[]} args
 */
function commandWords(args) {
  /** @type {string[]} */
  const words = [];
  for (let i = 0; i < args.length; i++) {
    const arg = /** @type {string} */ (args[i]);
    if (arg.startsWith('-')) {
      const long = arg.startsWith('--');
      const takesValue = long
        ? !arg.includes('=') && !['--only-tasks', '--yes', '--follow'].includes(arg)
        : arg.length === 2 && ALL_VALUE_FLAGS.has(arg);
      if (takesValue) i++;
      continue;
    }
    words.push(arg);
  }
  return words;
}

/**
 * pflag's parsing: `--name value`, `--name=value`, `-n value`, `-nvalue`, booleans without a
 * value, string slices split on commas (and repeatable), int64s checked.
 * @param {string[]} args @param {Record<string, FlagSpec>} specs
 * @returns {{ positional: string[], flags: Record<string, FlagValue> } | { error: string }}
 */
function parseFlags(args, specs) {
  /** @type {string[]} */
  const positional = [];
  /** @type {Record<string, FlagValue>} */
  const flags = {};
  /** @type {Record<string, string>} */
  const byShort = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.short) byShort[spec.short] = name;
    if (spec.default !== undefined) flags[name] = spec.default;
  }
  for (let i = 0; i < args.length; i++) {
    const arg = /** @type {string} */ (args[i]);
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const flag = readFlag(arg, specs, byShort);
    if ('error' in flag) return flag;
    const spec = /** @type {FlagSpec} */ (specs[flag.name]);
    let value = flag.value;
    if (spec.type !== 'bool' && value === undefined) {
      if (i + 1 >= args.length) return { error: `flag needs an argument: ${flag.shown}` };
      value = args[++i];
    }
    const error = setFlag(flags, flag.name, spec, arg, value);
    if (error) return { error };
  }
  return { positional, flags };
}

/**
 * One flag argument: its name, its value if given in the same argument, and how pflag names it.
 * @param {string} arg @param {Record<string, FlagSpec>} specs @param {Record<string, string>} byShort
 * @returns {{ name: string, value: string | undefined, shown: string } | { error: string }}
 */
function readFlag(arg, specs, byShort) {
  if (arg.startsWith('--')) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (!specs[name]) return { error: `unknown flag: --${name}` };
    return { name, value: eq < 0 ? undefined : arg.slice(eq + 1), shown: `--${name}` };
  }
  const short = /** @type {string} */ (arg[1]);
  const name = byShort[short];
  if (!name) return { error: `unknown shorthand flag: '${short}' in ${arg}` };
  const rest = arg.slice(2);
  const value = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest;
  return { name, value, shown: `'${short}' in -${short}` };
}

/**
 * Sets a flag from its value as pflag converts it; the error text when it cannot.
 * @param {Record<string, FlagValue>} flags @param {string} name @param {FlagSpec} spec
 * @param {string} arg the argument that named the flag @param {string | undefined} value
 * @returns {string | undefined}
 */
function setFlag(flags, name, spec, arg, value) {
  if (spec.type === 'bool') {
    if (
      value !== undefined &&
      !['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE'].includes(value)
    )
      return `invalid argument "${value}" for "${arg.startsWith('--') ? `--${name}` : `-${spec.short}, --${name}`}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`;
    flags[name] = value === undefined || ['true', '1', 't', 'TRUE'].includes(value);
    return undefined;
  }
  const text = /** @type {string} */ (value);
  if (spec.type === 'int') {
    if (!/^[+-]?(\d+|0[xX][0-9a-fA-F]+)$/.test(text))
      return `invalid argument "${text}" for "${spec.short ? `-${spec.short}, ` : ''}--${name}" flag: strconv.ParseInt: parsing "${text}": invalid syntax`;
    flags[name] = Number(text);
  } else if (spec.type === 'slice') {
    const previous = Array.isArray(flags[name]) ? flags[name] : [];
    flags[name] = [...previous, ...(text === '' ? [] : text.split(','))];
  } else flags[name] = text;
  return undefined;
}

module.exports = { COMMANDS, parseCommand, parseFlags };
