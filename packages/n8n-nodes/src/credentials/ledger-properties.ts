import { DEFAULT_HOME } from '@aegis-llm/core';
import type { INodeProperties } from 'n8n-workflow';

/**
 * Credential fields shared by both credential types: the monthly budget, what
 * happens at its limit, and the data directory holding the ledger. The ledger
 * is the one the MCP server writes too, so spend from n8n and from AI
 * assistants counts against one budget when both point at the same directory.
 */
export const ledgerProperties: INodeProperties[] = [
  {
    displayName: 'Monthly Budget (USD)',
    name: 'monthlyBudgetUsd',
    type: 'number',
    default: 0,
    typeOptions: { minValue: 0, numberPrecision: 2 },
    description:
      'Spending limit per calendar month for this provider, counted in the shared ledger and enforced by every process on it (other workflows, the MCP server). If a limit was already set elsewhere for this provider, that one applies and the node says so. 0 means no limit from this credential (spend is still recorded).',
  },
  {
    displayName: 'At the Limit',
    name: 'onLimit',
    type: 'options',
    default: 'block',
    displayOptions: { hide: { monthlyBudgetUsd: [0] } },
    options: [
      { name: 'Block the Request', value: 'block', description: 'Fail with a budget error' },
      {
        name: 'Fall Back',
        value: 'fallback',
        description: "Skip this provider and try the next of the node's Fallback Models; with none set, the request fails like Block",
      },
    ],
    description: 'What a request does when it could take spend past the monthly budget',
  },
  {
    displayName: 'Shared Store (Redis URL)',
    name: 'storeUrl',
    type: 'string',
    typeOptions: { password: true },
    default: '',
    placeholder: 'redis://:password@redis-host:6379/0',
    description:
      'Share spend and budgets with other n8n instances and the Aegis LLM MCP server through one Redis: paste its address here (the same one they use). Empty: the AEGIS_LLM_STORE environment variable of the n8n process, else the Spend Ledger Folder on this server. "embedded" forces the folder.',
  },
  {
    displayName: 'Spend Ledger Folder',
    name: 'dataDir',
    type: 'string',
    default: '',
    placeholder: '~/.n8n/aegis-llm',
    description:
      'Folder on the n8n server where spend is recorded and budgets are counted; give the Aegis LLM MCP server the same folder to share one budget. Empty: the AEGIS_LLM_HOME environment variable of the n8n process, else aegis-llm in the n8n data folder (~/.n8n/aegis-llm, or under N8N_USER_FOLDER); a ledger already in ' +
      DEFAULT_HOME +
      ' is kept in use.',
  },
];
