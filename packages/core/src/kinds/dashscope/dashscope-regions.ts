import type { KindRegions } from '../provider-kind.js';

/** The regions DashScope serves its OpenAI-compatible API from. */
export type DashScopeRegion = 'singapore' | 'us' | 'beijing' | 'hongkong';

/**
 * DashScope's OpenAI-compatible base URL per region. API keys are
 * region-bound: a Singapore key on the Beijing host gets 401.
 * Source: alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope
 * (Feb 2026); the Hong Kong host is known from third-party reports only.
 */
export const DASHSCOPE_REGION_BASE_URLS: Readonly<Record<DashScopeRegion, string>> = {
  singapore: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  us: 'https://dashscope-us.aliyuncs.com/compatible-mode/v1',
  beijing: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
  hongkong: 'https://cn-hongkong.dashscope.aliyuncs.com/compatible-mode/v1',
};

/** Every region, the default (international accounts) first. */
export const DASHSCOPE_REGIONS = ['singapore', 'us', 'beijing', 'hongkong'] as const satisfies readonly DashScopeRegion[];

/** The region for accounts outside mainland China. */
export const DEFAULT_DASHSCOPE_REGION: DashScopeRegion = 'singapore';

/** How people name the regions (Model Studio's console wording). */
const LABELS: Readonly<Record<DashScopeRegion, string>> = {
  singapore: 'Singapore (International)',
  us: 'US (Virginia)',
  beijing: 'China (Beijing)',
  hongkong: 'China (Hong Kong)',
};

/** The region table of the DashScope kind. */
export const DASHSCOPE_REGION_TABLE: KindRegions = {
  list: DASHSCOPE_REGIONS.map((id) => ({ id, label: LABELS[id], baseURL: DASHSCOPE_REGION_BASE_URLS[id] })),
  defaultRegion: DEFAULT_DASHSCOPE_REGION,
  keyRegionHint: (setting) => {
    const names = DASHSCOPE_REGIONS.map((id) => LABELS[id]);
    const listed = `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`;
    return `DashScope keys are bound to a region: check that ${setting} matches the region the key was created in (${listed}).`;
  },
};
