import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UUID } from './hatchet/schemas.js';

/** The `server_url` claim of a Hatchet token (a JWT), read locally; undefined when absent. */
export function serverUrlFromToken(token: string | undefined): string | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      server_url?: unknown;
    };
    return typeof claims.server_url === 'string' ? httpUrl(claims.server_url) : undefined;
  } catch {
    return undefined;
  }
}

function httpUrl(value: string): string | undefined {
  // No spaces, quotes, angle brackets or parentheses: the URL goes into markdown links.
  return /^https?:\/\/[^\s"'<>()]+$/i.test(value) && URL.canParse(value)
    ? value.replace(/\/+$/, '')
    : undefined;
}

/**
 * Best effort, for a profile that already exists on the runner: find the profile's block in
 * `~/.hatchet/profiles.yaml` and read a server URL from it, or from the token stored there.
 */
export function serverUrlFromProfile(profile: string, home = homedir()): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(home, '.hatchet', 'profiles.yaml'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split(/\r?\n/);
  const name = profile.toLowerCase();
  const start = lines.findIndex((line) => new RegExp(`^(\\s*)["']?${name}["']?:\\s*$`).test(line));
  if (start < 0) return undefined;
  const indent = /^\s*/.exec(lines[start] as string)?.[0].length ?? 0;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() && (/^\s*/.exec(line)?.[0].length ?? 0) <= indent) break;
    const match = /^\s*([A-Za-z_]+):\s*["']?([^"'\s]+)["']?\s*$/.exec(line);
    if (!match) continue;
    const key = (match[1] as string).toLowerCase();
    const value = match[2] as string;
    if (['apiserverurl', 'serverurl', 'server_url', 'apiurl'].includes(key) && httpUrl(value))
      return httpUrl(value);
    if (key === 'token') {
      const fromToken = serverUrlFromToken(value);
      if (fromToken) return fromToken;
    }
  }
  return undefined;
}

/** `{server_url}/tenants/{tenantId}/runs/{runId}`, the dashboard's page for a run. */
export function runUrl(
  serverUrl: string | undefined,
  tenantId: string | undefined,
  runId: string,
): string | undefined {
  if (!serverUrl || !tenantId || !UUID.test(tenantId)) return undefined;
  return `${serverUrl}/tenants/${tenantId}/runs/${runId}`;
}
