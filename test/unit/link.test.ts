import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runUrl, serverUrlFromProfile, serverUrlFromToken } from '../../src/link.js';
import { makeToken } from '../harness/sim.mjs';

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

  it('reads a runner profile written by the CLI (viper: lower-cased keys, 4-space indentation)', () => {
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
