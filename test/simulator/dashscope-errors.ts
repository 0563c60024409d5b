import type { StatusFault } from './types.ts';

/**
 * Ready-made status faults for the DashScope error codes the provider code must
 * classify (/work/shared/reference/dashscope.md, from
 * alibabacloud.com/help/en/model-studio/developer-reference/error-code).
 * Use as `{ fault: dashscopeErrors.rateQuota }` or with extras:
 * `{ fault: { ...dashscopeErrors.rateQuota, headers: { 'retry-after': '1' } } }`.
 *
 * Compatible mode reports the code in `error.code`. For a missing key and an
 * unknown model it uses OpenAI's snake-case codes (`invalid_api_key`,
 * `model_not_found`), which is what real compatible-mode bodies carry.
 */
export const dashscopeErrors = deepFreeze({
  // 400
  invalidParameter: fault(400, 'InvalidParameter', 'The parameter is invalid.'),
  contextLengthExceeded: fault(400, 'invalid_parameter_error', '<400> InternalError.Algo.InvalidParameter: Range of input length should be [1, 129024]'),
  // JSON mode with no "json" in the messages (Model Studio "structured output" page; OpenAI's wording).
  jsonModeWithoutJson: fault(
    400,
    'invalid_parameter_error',
    "<400> InternalError.Algo.InvalidParameter: 'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
  ),
  dataInspectionFailed: fault(400, 'DataInspectionFailed', 'Input data may contain inappropriate content.', 'data_inspection_failed'),
  arrearage: fault(400, 'Arrearage', 'Access denied, please make sure your account is in good standing.', 'Arrearage'),
  // 401
  invalidApiKey: fault(401, 'invalid_api_key', 'Incorrect API key provided. '),
  // 403
  accessDenied: fault(403, 'AccessDenied', 'Access denied.'),
  modelAccessDenied: fault(403, 'Model.AccessDenied', 'Model access denied.'),
  freeTierOnly: fault(
    403,
    'AllocationQuota.FreeTierOnly',
    'The free tier of the model has been exhausted. If you wish to continue access the model on a paid basis, please disable the "use free tier only" mode in the management console.',
  ),
  // 404: `{model}` becomes the requested model.
  modelNotFound: fault(404, 'model_not_found', 'The model `{model}` does not exist or you do not have access to it.'),
  // 408
  requestTimeOut: fault(408, 'RequestTimeOut', 'Request timed out, please try again later.'),
  // 413
  tooLarge: fault(413, 'BadRequest.TooLarge', 'Payload Too Large'),
  // 429: rate limits (retry later) ...
  throttling: fault(429, 'Throttling', 'Requests throttling triggered.'),
  rateQuota: fault(429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.'),
  allocationQuota: fault(429, 'Throttling.AllocationQuota', 'Allocated quota exceeded, please increase your quota limit.'),
  /**
   * The same tokens-per-minute throttle as real compatible-mode bodies carry it:
   * OpenAI's billing wording and `insufficient_quota`, which looks like an
   * exhausted quota but clears within the minute (reported in
   * github.com/can1357/oh-my-pi/issues/8496).
   */
  allocationQuotaAsInsufficientQuota: fault(
    429,
    'insufficient_quota',
    'You exceeded your current quota, please check your plan and billing details. For details, see: https://help.aliyun.com/zh/model-studio/error-code#token-limit',
    'insufficient_quota',
  ),
  limitRequests: fault(429, 'LimitRequests', 'Requests rate limit exceeded, please try again later.'),
  // ... and money (don't retry, fall back).
  insufficientQuota: fault(429, 'insufficient_quota', 'You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota'),
  prepaidBillOverdue: fault(429, 'PrepaidBillOverdue', 'The prepaid bill is overdue.'),
  postpaidBillOverdue: fault(429, 'PostpaidBillOverdue', 'The postpaid bill is overdue.'),
  // 500
  internalError: fault(500, 'InternalError', 'An internal error has occured, please try again later or contact service support.'),
  internalErrorTimeout: fault(
    500,
    'InternalError.Timeout',
    'An internal timeout error has occured during execution, please try again later or contact service support.',
  ),
  systemError: fault(500, 'SystemError', 'An system error has occured, please try again later.'),
  modelServiceFailed: fault(500, 'ModelServiceFailed', 'Failed to request model service.'),
  // 503
  modelUnavailable: fault(503, 'ModelUnavailable', 'Model is unavailable, please try again later.'),
});

export type DashScopeErrorName = keyof typeof dashscopeErrors;

function fault(status: number, code: string, message: string, errorType?: string): StatusFault {
  const result: StatusFault = { type: 'status', status, code, message };
  if (errorType !== undefined) result.errorType = errorType;
  return result;
}

// Shared by every test in the process: freeze so no test can change another's fault.
function deepFreeze<T extends Record<string, StatusFault>>(table: T): Readonly<{ [K in keyof T]: Readonly<StatusFault> }> {
  for (const entry of Object.values(table)) Object.freeze(entry);
  return Object.freeze(table);
}
