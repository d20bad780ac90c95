import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runUrl } from '../../../src/hatchet/link.js';
import {
  readTokenClaims,
  serverUrlFromProfile,
  serverUrlFromToken,
  writeProfile,
} from '../../../src/hatchet/profile.js';
import { makeToken } from '../../harness/sim.mjs';

const TENANT = '7a1f3c52-9d0e-4b6a-8f21-0c3d5e7f9a11';
const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';

describe('dashboard links', () => {
  it('reads the server URL from the token and builds the run page', () => {
    const server = serverUrlFromToken(makeToken({ server_url: 'https://cloud.onhatchet.run/' }));
    expect(server).toBe('https://cloud.onhatchet.run');
    expect(runUrl(server, TENANT, RUN)).toBe(
      `https://cloud.onhatchet.run/tenants/${TENANT}/runs/${RUN}`,
    );
  });

  it('gives no link without a usable server URL or tenant', () => {
    expect(serverUrlFromToken('not-a-jwt')).toBeUndefined();
    expect(serverUrlFromToken(makeToken({ server_url: 'javascript:alert(1)' }))).toBeUndefined();
    expect(serverUrlFromToken(makeToken({ server_url: 'https://h.example/a)b' }))).toBeUndefined();
    expect(runUrl(undefined, TENANT, RUN)).toBeUndefined();
    expect(runUrl('https://h', 'x', RUN)).toBeUndefined();
  });

  it('reads a runner profile written by the CLI (viper: lower-cased keys, 4-space indentation)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    mkdirSync(join(home, '.hatchet'));
    writeFileSync(
      join(home, '.hatchet', 'profiles.yaml'),
      [
        'profiles:',
        '    other:',
        '        apiserverurl: https://other.example.com',
        '    ci:',
        '        apiserverurl: https://hatchet.internal.example.com',
        '        expiresat: 2027-01-01T00:00:00Z',
        '        name: ci',
        `        tenantid: ${TENANT}`,
        '        token: abc',
        '',
      ].join('\n'),
    );
    expect(serverUrlFromProfile('CI', home)).toBe('https://hatchet.internal.example.com');
    expect(serverUrlFromProfile('missing', home)).toBeUndefined();
  });
});

describe('the profile the action writes', () => {
  it('holds what the CLI reads, 0600 in a 0700 folder, and reads back to the same server', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const token = makeToken({ server_url: 'https://hatchet.example.com' });
    writeProfile(home, 'ci', token);
    const file = join(home, '.hatchet', 'profiles.yaml');
    const profile = (parse(readFileSync(file, 'utf8')) as { profiles: Record<string, unknown> })
      .profiles.ci;
    expect(profile).toEqual({
      apiserverurl: 'https://hatchet.example.com',
      grpchostport: 'hatchet.example.com:443',
      name: 'ci',
      tenantid: TENANT,
      tlsstrategy: 'tls',
      token,
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.hatchet')).mode & 0o777).toBe(0o700);
    expect(serverUrlFromProfile('ci', home)).toBe('https://hatchet.example.com');
  });

  it.each([
    ['https://hatchet.example.com', 'tls'],
    ['HTTPS://hatchet.example.com', 'tls'],
    ['http://127.0.0.1:8888', 'none'],
    ['HTTP://localhost:8888', 'none'],
  ])('a token for %s gets tlsstrategy %s (a plaintext engine takes plaintext gRPC)', (url, tls) => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    writeProfile(home, 'ci', makeToken({ server_url: url }));
    const text = readFileSync(join(home, '.hatchet', 'profiles.yaml'), 'utf8');
    const profile = (parse(text) as { profiles: Record<string, { tlsstrategy: string }> }).profiles
      .ci;
    expect(profile?.tlsstrategy).toBe(tls);
  });

  it('replaces the empty profiles.yaml that any CLI call (--version too) leaves in its HOME', () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    mkdirSync(join(home, '.hatchet'), { mode: 0o700 });
    writeFileSync(join(home, '.hatchet', 'profiles.yaml'), '', { mode: 0o644 });
    writeProfile(home, 'ci', makeToken());
    const file = join(home, '.hatchet', 'profiles.yaml');
    expect(readFileSync(file, 'utf8')).toMatch(/^profiles:\n {4}ci:\n/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('never overwrites a file that is already there', () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    writeProfile(home, 'ci', makeToken());
    expect(() => writeProfile(home, 'ci', makeToken())).toThrow(/EEXIST/);
  });

  it.each([
    ['not a JWT', 'abc'],
    ['no tenant', makeToken({ sub: '' })],
    ['no gRPC address', makeToken({ grpc_broadcast_address: undefined })],
    ['a server URL that is not http(s)', makeToken({ server_url: 'file:///etc' })],
  ])('refuses a token with %s, without quoting it', (_what, token) => {
    expect(() => readTokenClaims(token)).toThrow(/is not a Hatchet API token/);
    try {
      readTokenClaims(token);
    } catch (error) {
      expect((error as Error).message).not.toContain(token);
    }
  });
});
