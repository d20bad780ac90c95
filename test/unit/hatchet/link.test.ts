import { describe, expect, it } from 'vitest';
import { runUrl } from '../../../src/hatchet/link.js';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const TENANT = '7a1f3c52-9d0e-4b6a-8f21-0c3d5e7f9a11';
const SERVER = 'https://hatchet.example.com';

describe('runUrl', () => {
  it.each<[string, string | undefined, string | undefined, string | undefined]>([
    ['the dashboard page', SERVER, TENANT, `${SERVER}/tenants/${TENANT}/runs/${RUN}`],
    [
      'an upper-case tenant id',
      SERVER,
      TENANT.toUpperCase(),
      `${SERVER}/tenants/${TENANT.toUpperCase()}/runs/${RUN}`,
    ],
    ['nothing without a server', undefined, TENANT, undefined],
    ['nothing with an empty server', '', TENANT, undefined],
    ['nothing without a tenant', SERVER, undefined, undefined],
    ['nothing for a tenant that is not a UUID', SERVER, '../../evil', undefined],
    ['nothing for a UUID with more around it', SERVER, `${TENANT}/x`, undefined],
  ])('%s', (_name, server, tenant, url) => {
    expect(runUrl(server, tenant, RUN)).toBe(url);
  });
});
