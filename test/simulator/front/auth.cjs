// @ts-check
'use strict';
/*
 * Tokens and profiles as the CLI keeps them: a token's claims (a JWT), the profiles in
 * $HOME/.hatchet/profiles.yaml (written as viper writes them by `profile add`), and the token a
 * call acts with, checked against the scenario's tenant.
 */
const fs = require('node:fs');
const path = require('node:path');

/**
 * @typedef {import('../model/types.cjs').Scenario} Scenario
 * @typedef {import('../model/types.cjs').FlagValue} FlagValue
 * @typedef {{ sub?: string, exp?: number, server_url?: string, grpc_broadcast_address?: string }} Claims
 * @typedef {{ error: string } | { valid: boolean, claims: Claims | undefined }} Auth
 */

/** @param {unknown} token @returns {Claims | undefined} */
function decodeToken(token) {
  try {
    const payload = JSON.parse(
      Buffer.from(/** @type {string} */ (String(token).split('.')[1]), 'base64url').toString(
        'utf8',
      ),
    );
    return typeof payload === 'object' && payload ? payload : undefined;
  } catch {
    return undefined;
  }
}

/** @returns {Record<string, Record<string, string>>} */
function readProfiles() {
  const file = path.join(process.env.HOME || '', '.hatchet', 'profiles.yaml');
  /** @type {Record<string, Record<string, string>>} */
  const profiles = {};
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return profiles;
  }
  /** @type {string | undefined} */
  let current;
  for (const line of text.split('\n')) {
    const head = /^ {4}([a-z0-9_-]+):\s*$/.exec(line);
    if (head) profiles[(current = /** @type {string} */ (head[1]))] = {};
    const field = /^ {8}([a-z]+):\s*"?([^"]*)"?\s*$/.exec(line);
    const profile = current === undefined ? undefined : profiles[current];
    if (field && profile)
      profile[/** @type {string} */ (field[1])] = /** @type {string} */ (field[2]);
  }
  return profiles;
}

/**
 * The token this call acts with: HATCHET_CLIENT_TOKEN silently overrides the profile's.
 * @param {Scenario} scenario @param {FlagValue} profileName
 * @returns {Auth}
 */
function authenticate(scenario, profileName) {
  const profile = readProfiles()[String(profileName).toLowerCase()];
  const token = process.env.HATCHET_CLIENT_TOKEN || profile?.token;
  if (!profile && !process.env.HATCHET_CLIENT_TOKEN) {
    return { error: `could not get profile '${profileName}': profile '${profileName}' not found` };
  }
  const claims = decodeToken(token);
  const valid = Boolean(
    claims &&
    claims.sub === scenario.tenantId &&
    !(claims.exp && claims.exp * 1000 < Date.now()) &&
    !(scenario.rejectedTokens || []).includes(/** @type {string} */ (token)),
  );
  return { valid, claims };
}

/**
 * `profile add`: checks the token (against the scenario, read only then) and writes the profile.
 * @param {Record<string, FlagValue>} flags @param {() => Scenario} loadScenario
 * @returns {{ usage: string } | { fatal: string } | { stdout: string }}
 */
function addProfile(flags, loadScenario) {
  if (!flags.name) return { usage: 'required flag(s) "name" not set' };
  if (!flags.token) return { usage: 'required flag(s) "token" not set' };
  const token = String(flags.token);
  const claims = decodeToken(token);
  if (!claims || !claims.sub || !claims.server_url)
    return { fatal: 'invalid token provided: token is malformed' };
  const scenario = loadScenario();
  if (claims.sub !== scenario.tenantId || (scenario.rejectedTokens || []).includes(token)) {
    return {
      fatal: `could not connect to Hatchet server with provided token: unexpected status code 403 from ${claims.server_url}/api/v1/tenants/${claims.sub}`,
    };
  }
  writeProfile(String(flags.name).toLowerCase(), token, claims);
  return { stdout: `✓ Profile '${flags.name}' added successfully\n` };
}

/**
 * Written as viper does: keys lower-cased, 4-space indentation. Silently overwrites a profile of
 * the same name.
 * @param {string} name @param {string} token @param {Claims} claims
 */
function writeProfile(name, token, claims) {
  const dir = path.join(process.env.HOME || '', '.hatchet');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'profiles.yaml');
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    text = 'profiles:\n';
  }
  const kept = text
    .split(/\n(?= {4}[a-z0-9_-]+:)/)
    .filter((block) => !block.startsWith(`    ${name}:`))
    .join('\n');
  const expiresAt = new Date((claims.exp || Date.now() / 1000 + 3600) * 1000).toISOString();
  const block = `    ${name}:\n        apiserverurl: ${claims.server_url}\n        expiresat: ${expiresAt}\n        grpchostport: ${claims.grpc_broadcast_address || ''}\n        name: ${name}\n        tenantid: ${claims.sub}\n        tlsstrategy: tls\n        token: ${token}\n`;
  fs.writeFileSync(file, `${kept.replace(/\n*$/, '\n')}${block}`, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'config.yaml'), 'telemetry: false\n');
}

module.exports = { decodeToken, readProfiles, authenticate, addProfile };
