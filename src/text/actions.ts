import { randomUUID } from 'node:crypto';
import { appendFileSync, constants, existsSync } from 'node:fs';
import { access, appendFile, writeFile } from 'node:fs/promises';
import { EOL } from 'node:os';
import { delimiter } from 'node:path';

/**
 * The runner's workflow commands and files, as `@actions/core` writes them (the same text, the
 * same files), for the calls this action makes. `@actions/core` statically loads its OIDC client
 * and with it an HTTP client (undici, about half of the bundle) that the action never uses: every
 * step paid ~100 ms to load it. `npm run local-action` maps this module to local-action's stub of
 * `@actions/core` (scripts/local-action-exit.mjs), as it does `@actions/core` itself.
 */

export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

type Properties = Record<string, string | number | undefined>;

const toValue = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
const escapeData = (value: unknown) =>
  toValue(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (value: unknown) =>
  escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::command key=value,…::message` on stdout. */
export function issueCommand(command: string, properties: Properties, message: unknown): void {
  const props = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

/** `name<<delimiter` in the runner's file for `command` (OUTPUT, STATE); false without one. */
function fileCommand(command: string, name: string, value: unknown): boolean {
  const file = process.env[`GITHUB_${command}`];
  if (!file) return false;
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  const marker = `ghadelimiter_${randomUUID()}`;
  const text = toValue(value);
  if (name.includes(marker) || text.includes(marker))
    throw new Error(`Unexpected input: the value should not contain the delimiter "${marker}"`);
  appendFileSync(file, `${name}<<${marker}${EOL}${text}${EOL}${marker}${EOL}`, 'utf8');
  return true;
}

const annotation = (p: AnnotationProperties): Properties =>
  Object.keys(p).length === 0
    ? {}
    : {
        title: p.title,
        file: p.file,
        line: p.startLine,
        endLine: p.endLine,
        col: p.startColumn,
        endColumn: p.endColumn,
      };

export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}
export const info = (message: string) => void process.stdout.write(message + EOL);
export const debug = (message: string) => issueCommand('debug', {}, message);
export const setSecret = (secret: string) => issueCommand('add-mask', {}, secret);
export function warning(message: string | Error, properties: AnnotationProperties = {}) {
  issueCommand('warning', annotation(properties), String(message));
}
export function error(message: string | Error, properties: AnnotationProperties = {}) {
  issueCommand('error', annotation(properties), String(message));
}
export function setFailed(message: string | Error): void {
  process.exitCode = 1;
  error(message);
}
export function setOutput(name: string, value: unknown): void {
  if (fileCommand('OUTPUT', name, value)) return;
  process.stdout.write(EOL);
  issueCommand('set-output', { name }, value);
}
export function saveState(name: string, value: unknown): void {
  if (!fileCommand('STATE', name, value)) issueCommand('save-state', { name }, value);
}
export const getState = (name: string) => process.env[`STATE_${name}`] || '';
export function addPath(path: string): void {
  const file = process.env.GITHUB_PATH;
  if (file) appendFileSync(file, `${path}${EOL}`, 'utf8');
  else issueCommand('add-path', {}, path);
  process.env.PATH = `${path}${delimiter}${process.env.PATH}`;
}
export const startGroup = (name: string) => issueCommand('group', {}, name);
export const endGroup = () => issueCommand('endgroup', {}, '');
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  startGroup(name);
  try {
    return await fn();
  } finally {
    endGroup();
  }
}

/** The job summary: text added, then appended to GITHUB_STEP_SUMMARY. */
class Summary {
  private buffer = '';
  addRaw(text: string): this {
    this.buffer += text;
    return this;
  }
  async write(options: { overwrite?: boolean } = {}): Promise<this> {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY.');
    await access(file, constants.R_OK | constants.W_OK).catch(() => {
      throw new Error(`Unable to access summary file: '${file}'.`);
    });
    await (options.overwrite ? writeFile : appendFile)(file, this.buffer, 'utf8');
    this.buffer = '';
    return this;
  }
}
export const summary = new Summary();
