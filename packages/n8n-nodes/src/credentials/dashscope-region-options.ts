import { providerKind, WORKSPACE_ID_PLACEHOLDER } from '@aegis-llm/core';
import type { INodePropertyOptions } from 'n8n-workflow';

const DASHSCOPE = providerKind('dashscope');
const REGIONS = DASHSCOPE.regions?.list ?? [];

/** The regions the credential offers, as the core lists them (names, hosts), plus a custom base URL. */
export const DASHSCOPE_REGION_OPTIONS: INodePropertyOptions[] = [
  ...REGIONS.map((region) => ({ name: region.label, value: region.id })),
  { name: 'Custom Base URL', value: 'custom' },
];

/** Regions served from per-workspace domains: the credential asks for the Workspace ID there. */
export const DASHSCOPE_WORKSPACE_REGIONS: string[] = REGIONS.filter((region) => region.workspace).map((region) => region.id);

/** The credential's default region: the core's. */
export const DASHSCOPE_DEFAULT_REGION = DASHSCOPE.regions?.defaultRegion ?? 'singapore';

/**
 * An n8n expression giving the base URL for the credential's region, for the
 * declarative "Test connection" request. The hosts come from the core, so the
 * button and the nodes talk to the same place; a workspace-domain region's
 * template gets the Workspace ID (as the core's regionBaseURL fills it).
 */
export function dashscopeBaseUrlExpression(): string {
  const hosts = JSON.stringify(Object.fromEntries(REGIONS.map((region) => [region.id, region.baseURL])));
  const workspace = 'String($credentials.workspaceId ?? "").trim().toLowerCase()';
  return `={{ $credentials.region === "custom" ? String($credentials.baseUrl).replace(/\\/+$/, "") : (${hosts})[$credentials.region].replace("${WORKSPACE_ID_PLACEHOLDER}", ${workspace}) }}`;
}
