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
