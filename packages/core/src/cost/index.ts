export { priceUsage, type PriceUsageOptions } from './price-usage.js';
export { worstCaseCost, type WorstCaseCostInput } from './worst-case-cost.js';
export { estimateTokens } from './estimate-tokens.js';
export { estimateMessagesTokens, estimateRequestExtrasTokens, TOKENS_PER_IMAGE, TOKENS_PER_MESSAGE, TOKENS_PER_REPLY, TOKENS_PER_TOOL } from './estimate-messages-tokens.js';
export { usdToMicro, MICRO_PER_UNIT } from '../money/usd-to-micro.js';
export { microToUsdString } from '../money/micro-to-usd-string.js';
export { parseScaledDecimal } from '../money/parse-scaled-decimal.js';
export { selectPriceTier } from './select-price-tier.js';
