import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INode, INodeExecutionData, ISupplyDataFunctions } from 'n8n-workflow';

/** A chunk `sendChunk` received. */
export interface SentChunk {
  type: string;
  itemIndex: number;
  content?: unknown;
}

export interface FakeContextOptions {
  credentialName: string;
  credential: ICredentialDataDecryptedObject;
  /** Node parameters, as n8n stores them (resource locators as `{ mode, value }`). */
  parameters: IDataObject;
  /** Per-item overrides of parameters. */
  itemParameters?: IDataObject[];
  items?: INodeExecutionData[];
  continueOnFail?: boolean;
  streaming?: boolean;
  /** Run as an AI Agent's tool (n8n's `isToolExecution()`). */
  tool?: boolean;
  /** The workflow the node runs in (n8n's getWorkflow()); absent: the context has no getWorkflow, as an older host. */
  workflow?: { id?: string; name?: string };
  /** The execution id (getExecutionId()); absent: no such method. */
  executionId?: string;
  /** The node's `typeVersion`, as a saved workflow has it. @default 1 */
  typeVersion?: number;
  /** The node's type, e.g. the `...Tool` variant n8n runs an agent's tool as. @default 'CUSTOM.aegisDashScope' */
  nodeType?: string;
  /** What n8n 2.x's engine sets on a node it runs for an agent (`'ai_tool'`). */
  rewireOutputLogTo?: INode['rewireOutputLogTo'];
}

export interface FakeContext {
  ctx: IExecuteFunctions & ISupplyDataFunctions;
  chunks: SentChunk[];
  logs: string[];
  /** What a sub-node reported to n8n's AI tracing (`addInputData` / `addOutputData`). */
  traced: Array<{ kind: 'input' | 'output'; data: unknown }>;
}

const NODE: INode = {
  id: 'node-1',
  name: 'Aegis',
  type: 'CUSTOM.aegisDashScope',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

/**
 * The part of n8n's node execution context the nodes use, over plain data:
 * enough to run a node's `execute` or `supplyData` in a unit test against the
 * simulator, without n8n.
 */
export function fakeExecuteContext(options: FakeContextOptions): FakeContext {
  const chunks: SentChunk[] = [];
  const logs: string[] = [];
  const traced: FakeContext['traced'] = [];
  const items: INodeExecutionData[] = options.items ?? [{ json: {} }];
  const log = (level: string) => (message: string, meta?: object) => logs.push(`${level}: ${message} ${meta ? JSON.stringify(meta) : ''}`);

  const getNodeParameter = (name: string, itemIndex: number, fallback?: unknown, opts?: { extractValue?: boolean }) => {
    const params = { ...options.parameters, ...(options.itemParameters?.[itemIndex] ?? {}) };
    let value: unknown = params;
    for (const key of name.split('.')) {
      value = value !== null && typeof value === 'object' ? (value as IDataObject)[key] : undefined;
    }
    if (value === undefined) return fallback;
    if (opts?.extractValue && value !== null && typeof value === 'object' && '__rl' in value) {
      return (value as unknown as { value: unknown }).value;
    }
    return value;
  };

  const ctx = {
    getInputData: () => items,
    getNode: () => ({
      ...NODE,
      typeVersion: options.typeVersion ?? NODE.typeVersion,
      type: options.nodeType ?? NODE.type,
      ...(options.rewireOutputLogTo === undefined ? {} : { rewireOutputLogTo: options.rewireOutputLogTo }),
    }),
    ...(options.workflow === undefined ? {} : { getWorkflow: () => options.workflow }),
    ...(options.executionId === undefined ? {} : { getExecutionId: () => options.executionId }),
    getCredentials: async (name: string) => {
      if (name !== options.credentialName) throw new Error(`unexpected credential ${name}`);
      return options.credential;
    },
    getNodeParameter,
    continueOnFail: () => options.continueOnFail ?? false,
    isStreaming: () => options.streaming ?? false,
    isToolExecution: () => options.tool ?? false,
    sendChunk: (type: string, itemIndex: number, content?: unknown) => chunks.push({ type, itemIndex, content }),
    getExecutionCancelSignal: () => undefined,
    // AI sub-node tracing (n8n's N8nLlmTracing callback calls these).
    addInputData: (_type: string, data: unknown) => {
      traced.push({ kind: 'input', data });
      return { index: traced.length };
    },
    addOutputData: (_type: string, _index: number, data: unknown) => traced.push({ kind: 'output', data }),
    getNextRunIndex: () => 0,
    logAiEvent: () => undefined,
    setMetadata: () => undefined,
    logger: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
    helpers: {
      assertBinaryData: (itemIndex: number, property: string) => {
        const binary = items[itemIndex]?.binary?.[property];
        if (!binary) throw new Error(`no binary property ${property}`);
        return binary;
      },
      getBinaryDataBuffer: async (itemIndex: number, property: string) => Buffer.from(items[itemIndex]?.binary?.[property]?.data ?? '', 'base64'),
    },
  };
  return { ctx: ctx as unknown as IExecuteFunctions & ISupplyDataFunctions, chunks, logs, traced };
}

/** A resource-locator value as the n8n editor stores it. */
export function modelParam(value: string): IDataObject {
  return { __rl: true, mode: 'id', value };
}
