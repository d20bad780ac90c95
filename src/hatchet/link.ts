import { UUID } from './schemas.js';

/** `{server_url}/tenants/{tenantId}/runs/{runId}`, the dashboard's page for a run. */
export function runUrl(
  serverUrl: string | undefined,
  tenantId: string | undefined,
  runId: string,
): string | undefined {
  if (!serverUrl || !tenantId || !UUID.test(tenantId)) return undefined;
  return `${serverUrl}/tenants/${tenantId}/runs/${runId}`;
}
