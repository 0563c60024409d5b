import type { KindRegion, KindRegions } from '../provider-kind.js';

/** The regions DashScope serves its OpenAI-compatible API from. */
export type DashScopeRegion = 'singapore' | 'us' | 'beijing' | 'hongkong' | 'frankfurt' | 'tokyo';

/** Stands for the account's workspace id in the base URL of a workspace-domain region. */
export const WORKSPACE_ID_PLACEHOLDER = '{workspaceId}';

/**
 * DashScope's OpenAI-compatible base URL per region. API keys are
 * region-bound: a Singapore key on the Beijing host gets 401.
 * Source: alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope
 * (Feb 2026); Hong Kong's host is official now. Frankfurt (eu-central-1) and
 * Tokyo (ap-northeast-1) are served from per-workspace domains,
 * `{WorkspaceId}.{region}.maas.aliyuncs.com`, as n8n's built-in Alibaba Cloud
 * credential builds them: their entries are templates (regionBaseURL fills them).
 */
export const DASHSCOPE_REGION_BASE_URLS: Readonly<Record<DashScopeRegion, string>> = {
  singapore: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  us: 'https://dashscope-us.aliyuncs.com/compatible-mode/v1',
  beijing: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
  hongkong: 'https://cn-hongkong.dashscope.aliyuncs.com/compatible-mode/v1',
  frankfurt: `https://${WORKSPACE_ID_PLACEHOLDER}.eu-central-1.maas.aliyuncs.com/compatible-mode/v1`,
  tokyo: `https://${WORKSPACE_ID_PLACEHOLDER}.ap-northeast-1.maas.aliyuncs.com/compatible-mode/v1`,
};

/** Regions whose base URL needs the account's workspace id. */
const WORKSPACE_REGIONS: ReadonlySet<DashScopeRegion> = new Set(['frankfurt', 'tokyo']);

/** Every region, the default (international accounts) first. */
export const DASHSCOPE_REGIONS = ['singapore', 'us', 'beijing', 'hongkong', 'frankfurt', 'tokyo'] as const satisfies readonly DashScopeRegion[];

/**
 * A region's base URL, the workspace id filled in where the region needs one.
 * Undefined for a workspace region without an id (a valid one is letters,
 * digits and `-`, as a DNS label): there is no host to call.
 */
export function regionBaseURL(region: KindRegion, workspaceId?: string): string | undefined {
  if (!region.workspace) return region.baseURL;
  const id = workspaceId?.trim() ?? '';
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(id)) return undefined;
  return region.baseURL.replace(WORKSPACE_ID_PLACEHOLDER, id.toLowerCase());
}

/** The region for accounts outside mainland China. */
export const DEFAULT_DASHSCOPE_REGION: DashScopeRegion = 'singapore';

/** How people name the regions (Model Studio's console wording). */
const LABELS: Readonly<Record<DashScopeRegion, string>> = {
  singapore: 'Singapore (International)',
  us: 'US (Virginia)',
  beijing: 'China (Beijing)',
  hongkong: 'China (Hong Kong)',
  frankfurt: 'Germany (Frankfurt)',
  tokyo: 'Japan (Tokyo)',
};

/** The region table of the DashScope kind. */
export const DASHSCOPE_REGION_TABLE: KindRegions = {
  list: DASHSCOPE_REGIONS.map((id) => ({
    id,
    label: LABELS[id],
    baseURL: DASHSCOPE_REGION_BASE_URLS[id],
    ...(WORKSPACE_REGIONS.has(id) ? { workspace: true } : {}),
  })),
  defaultRegion: DEFAULT_DASHSCOPE_REGION,
  keyRegionHint: (setting) => {
    const names = DASHSCOPE_REGIONS.map((id) => LABELS[id]);
    const listed = `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`;
    return `DashScope keys are bound to a region: check that ${setting} matches the region the key was created in (${listed}).`;
  },
};
