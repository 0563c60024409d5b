/**
 * The credentials the e2e workflow names, pointed at the simulator. n8n's
 * `import:credentials` encrypts `data` given as a plain object.
 */
export function e2eCredentials(simulatorBaseURL: string, apiKey: string): object[] {
  return [
    {
      id: 'aegisDsCred0001',
      name: 'DashScope (simulator)',
      type: 'aegisDashScopeApi',
      data: { apiKey, region: 'custom', baseUrl: simulatorBaseURL, monthlyBudgetUsd: 5, onLimit: 'block' },
    },
    {
      id: 'aegisAnyCred001',
      name: 'AnyLLM (simulator)',
      type: 'aegisAnyLlmApi',
      data: {
        baseUrl: simulatorBaseURL,
        apiKey,
        providerId: 'simlab',
        defaultModel: 'qwen-plus',
        modelPrices: 'qwen-plus: 0.4, 1.2\nqwen-max: 2, 6\nqwen-turbo: 0.05, 0.2\nqwen3-max: 1.2, 6',
        monthlyBudgetUsd: 1,
      },
    },
  ];
}
