import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { z } from 'zod';

/** What the CLI reads from a Hatchet API token (a JWT), decoded locally. */
export interface TokenClaims {
  tenantId: string;
  serverUrl: string;
  grpcAddress: string;
}

/**
 * Decodes a token's claims without verifying them (the server does). Throws a message that
 * does not quote the token: the CLI itself panics on a token it cannot read.
 */
export function readTokenClaims(token: string): TokenClaims {
  const checked = claimsSchema.safeParse(decodePayload(token));
  const serverUrl = checked.success ? httpUrl(checked.data.server_url) : undefined;
  if (!checked.success || !serverUrl) {
    throw new Error(
      'is not a Hatchet API token: a JWT whose claims name the tenant (`sub`), the server (`server_url`) and its gRPC address (`grpc_broadcast_address`). Create one in the dashboard under Settings → API Tokens',
    );
  }
  return {
    tenantId: checked.data.sub,
    serverUrl,
    grpcAddress: checked.data.grpc_broadcast_address,
  };
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  server_url: z.string(),
  grpc_broadcast_address: z.string().min(1),
});

function decodePayload(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A server URL fit for a markdown link: no spaces, quotes, angle brackets or parentheses. */
export function httpUrl(value: string): string | undefined {
  return /^https?:\/\/[^\s"'<>()]+$/i.test(value) && URL.canParse(value)
    ? value.replace(/\/+$/, '')
    : undefined;
}

/**
 * Writes the profile the CLI would write with `profile add` (hatchet-cli.md §1, read from
 * internal/config/cli, and checked against the real CLI by test:hatchet):
 * `$HOME/.hatchet/profiles.yaml`, keys lower-cased, 0600. Done by the
 * action so that the token never appears on a command line, where every user of a shared
 * runner could read it. `expiresat` is left out: the CLI does not need it to connect.
 */
export function writeProfile(home: string, name: string, token: string): void {
  const claims = readTokenClaims(token);
  const dir = join(home, '.hatchet');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = (text: string) => JSON.stringify(text); // a double-quoted YAML scalar
  const fields = {
    apiserverurl: claims.serverUrl,
    grpchostport: claims.grpcAddress,
    name,
    tenantid: claims.tenantId,
    tlsstrategy: tlsStrategyFor(claims),
    token,
  };
  const lines = Object.entries(fields).map(([key, text]) => `        ${key}: ${value(text)}`);
  const file = join(dir, 'profiles.yaml');
  const text = `profiles:\n    ${name}:\n${lines.join('\n')}\n`;
  try {
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Every CLI call (`hatchet --version` included) creates an empty profiles.yaml in its HOME
    // (seen with the real CLI 0.104.7): an empty file holds no profile and may be replaced;
    // anything else is never overwritten.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' || readFileSync(file, 'utf8').trim()) throw error;
    writeFileSync(file, text, { mode: 0o600, flag: 'w' });
    chmodSync(file, 0o600);
  }
}

/**
 * `tls` or `none` for the profile. `hatchet profile add` probes the gRPC address (a TLS
 * handshake, then plain TCP); the action writes the file itself, synchronously, so it follows the
 * server the token names instead: an `http://` server (hatchet-lite and most self-hosted engines
 * without certificates, `SERVER_GRPC_INSECURE=t`) speaks plaintext gRPC, an `https://` one TLS.
 * The CLI reads `tls` for an engine without TLS and then every gRPC call (`trigger manual`) fails,
 * while REST calls still work: found against a real hatchet-lite v0.104.7.
 */
export function tlsStrategyFor(claims: TokenClaims): 'tls' | 'none' {
  return /^http:\/\//i.test(claims.serverUrl) ? 'none' : 'tls';
}

/** The `server_url` of a token, when it has a usable one. */
export function serverUrlFromToken(token: string | undefined): string | undefined {
  if (!token) return undefined;
  try {
    return readTokenClaims(token).serverUrl;
  } catch {
    return undefined;
  }
}

/**
 * Best effort, for a profile that already exists on the runner: its API server URL, or the
 * one in the token stored with it.
 */
export function serverUrlFromProfile(profile: string, home = homedir()): string | undefined {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(join(home, '.hatchet', 'profiles.yaml'), 'utf8'));
  } catch {
    return undefined;
  }
  const profiles = lowerKeys(lowerKeys(document).profiles);
  const entry = lowerKeys(profiles[profile.toLowerCase()]);
  const url = typeof entry.apiserverurl === 'string' ? httpUrl(entry.apiserverurl) : undefined;
  return url ?? serverUrlFromToken(typeof entry.token === 'string' ? entry.token : undefined);
}

function lowerKeys(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
}
