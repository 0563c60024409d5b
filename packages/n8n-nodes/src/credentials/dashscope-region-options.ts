import { DASHSCOPE_REGION_BASE_URLS } from '@aegis-llm/core';
import type { INodePropertyOptions } from 'n8n-workflow';

/** The regions the credential offers; the core knows each one's host. */
export const DASHSCOPE_REGION_OPTIONS: INodePropertyOptions[] = [
  { name: 'Singapore (International)', value: 'singapore' },
  { name: 'US (Virginia)', value: 'us' },
  { name: 'China (Beijing)', value: 'beijing' },
  { name: 'Custom Base URL', value: 'custom' },
];

/**
 * An n8n expression giving the base URL for the credential's region, for the
 * declarative "Test connection" request. The hosts come from the core, so the
 * button and the nodes talk to the same place.
 */
export function dashscopeBaseUrlExpression(): string {
  const hosts = JSON.stringify({
    singapore: DASHSCOPE_REGION_BASE_URLS.singapore,
    us: DASHSCOPE_REGION_BASE_URLS.us,
    beijing: DASHSCOPE_REGION_BASE_URLS.beijing,
  });
  return `={{ $credentials.region === "custom" ? String($credentials.baseUrl).replace(/\\/+$/, "") : (${hosts})[$credentials.region] }}`;
}
