import { createGateway, parseConfig } from '@aegis-llm/core';
import { hashEmbedding } from '@aegis-llm/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, startRedisServer } from '../../../core/src/test-support/start-redis-server.js';
import { EmbeddingsAnyLlm } from '../../nodes/EmbeddingsAnyLlm/EmbeddingsAnyLlm.node.js';
import { EmbeddingsDashScopeAegis } from '../../nodes/EmbeddingsDashScopeAegis/EmbeddingsDashScopeAegis.node.js';
import { fakeExecuteContext, modelParam } from '../test-support/fake-execute-context.js';
import { startNodeFixture, TEST_KEY, type NodeFixture } from '../test-support/node-fixture.js';

interface Embeddings {
  embedDocuments(documents: string[]): Promise<number[][]>;
  embedQuery(document: string): Promise<number[]>;
}

let fx: NodeFixture;
beforeAll(async () => {
  fx = await startNodeFixture();
});
afterEach(() => fx.sim.reset());
afterAll(async () => fx.close());

const embedCalls = () => fx.sim.requests.filter((r) => r.path.endsWith('/embeddings'));

describe('DashScope Embeddings sub-node', () => {
  it('supplies LangChain embeddings whose vectors come from the gateway, batched to ten inputs', async () => {
    const fake = fakeExecuteContext({
      credentialName: 'aegisDashScopeApi',
      credential: fx.dashscopeCredential,
      parameters: { model: modelParam('text-embedding-v4'), options: { dimensions: 256 } },
    });
    const supplied = await new EmbeddingsDashScopeAegis().supplyData.call(fake.ctx, 0);
    const embeddings = supplied.response as Embeddings;
    try {
      const documents = Array.from({ length: 13 }, (_, i) => `note ${i} on the harbour`);
      const vectors = await embeddings.embedDocuments(documents);
      expect(vectors).toEqual(documents.map((d) => hashEmbedding(d, 256)));
      expect(await embeddings.embedQuery('harbour')).toEqual(hashEmbedding('harbour', 256));
      expect(await embeddings.embedDocuments([])).toEqual([]);
      expect(embedCalls().map((r) => (r.body?.input as string[]).length)).toEqual([10, 3, 1]);
    } finally {
      await supplied.closeFunction?.();
    }
  });

  it('says what is wrong in n8n terms, without the key: a chat model, an upstream refusal', async () => {
    const fake = fakeExecuteContext({
      credentialName: 'aegisDashScopeApi',
      credential: fx.dashscopeCredential,
      parameters: { model: modelParam('qwen-plus'), options: {} },
    });
    const supplied = await new EmbeddingsDashScopeAegis().supplyData.call(fake.ctx, 0);
    try {
      const chat = await (supplied.response as Embeddings).embedQuery('x').catch((e: unknown) => e);
      expect((chat as Error).name).toBe('NodeOperationError');
      expect((chat as Error).message).toContain('is a chat model');
      fx.sim.script({ fault: { type: 'status', status: 401, code: 'invalid_api_key', message: 'bad key', echoKey: true } });
      const other = fakeExecuteContext({
        credentialName: 'aegisDashScopeApi',
        credential: fx.dashscopeCredential,
        parameters: { model: modelParam('text-embedding-v4'), options: {} },
      });
      const second = await new EmbeddingsDashScopeAegis().supplyData.call(other.ctx, 0);
      const refused = await (second.response as Embeddings).embedQuery('x').catch((e: unknown) => e);
      await second.closeFunction?.();
      // n8n's logWrapper hands a sub-node's failure on as a NodeOperationError, as for its own embeddings nodes.
      expect((refused as Error).message).toContain('401');
      expect((refused as Error).message).toContain('check');
      expect(JSON.stringify(refused)).not.toContain(TEST_KEY);
      expect((refused as Error).message).not.toContain(TEST_KEY);
    } finally {
      await supplied.closeFunction?.();
    }
  });
});

describe('embeddings spend tags', () => {
  it("tags every batch with the workflow, execution and node, after the node's Tags option, as the chat models do", async () => {
    const fake = fakeExecuteContext({
      credentialName: 'aegisDashScopeApi',
      credential: fx.dashscopeCredential,
      workflow: { id: 'wf-42', name: 'Ingest handbook' },
      executionId: '9001',
      parameters: {
        model: modelParam('text-embedding-v4'),
        options: {
          tags: {
            values: [
              { name: 'team', value: 'docs' },
              { name: 'workflow_id', value: 'spoof' },
              { name: '__proto__', value: 'p' },
            ],
          },
        },
      },
    });
    const supplied = await new EmbeddingsDashScopeAegis().supplyData.call(fake.ctx, 0);
    try {
      await (supplied.response as Embeddings).embedDocuments(Array.from({ length: 12 }, (_, i) => `page ${i}`));
    } finally {
      await supplied.closeFunction?.();
    }
    // Another process on the same ledger (the MCP server, aegis-llm budget) sees the tags.
    const gateway = createGateway({ config: parseConfig({ home: fx.home }, {}) });
    try {
      const records = (await gateway.recentRequests(2)).filter((r) => r.kind === 'embed');
      expect(records).toHaveLength(2);
      for (const record of records) {
        expect(Object.entries(record.tags ?? {})).toEqual([
          ['__proto__', 'p'],
          ['execution_id', '9001'],
          ['node_name', 'Aegis'],
          ['team', 'docs'],
          ['workflow_id', 'wf-42'],
          ['workflow_name', 'Ingest handbook'],
        ]);
      }
      const status = await gateway.budgetStatus({ tag: 'workflow_name' });
      expect(status.tags).toEqual([expect.objectContaining({ name: 'workflow_name', value: 'Ingest handbook', requests: 2 })]);
    } finally {
      await gateway.close();
    }
  });

  it('a bad Tags row is refused naming the tag, before anything is sent', async () => {
    const fake = fakeExecuteContext({
      credentialName: 'aegisDashScopeApi',
      credential: fx.dashscopeCredential,
      parameters: { model: modelParam('text-embedding-v4'), options: { tags: { values: [{ name: 'Bad Name', value: 'x' }] } } },
    });
    const supplied = await new EmbeddingsDashScopeAegis().supplyData.call(fake.ctx, 0);
    try {
      const error = await (supplied.response as Embeddings).embedQuery('x').catch((e: unknown) => e);
      expect((error as Error).message).toContain('tags.Bad Name');
      expect(embedCalls()).toHaveLength(0);
    } finally {
      await supplied.closeFunction?.();
    }
  });
});

describe.runIf(hasRedisServer())('embeddings sub-node on AEGIS_LLM_STORE', () => {
  it('records its spend, with its tags, in the shared Redis store the environment names', async () => {
    const redis = await startRedisServer();
    const before = process.env.AEGIS_LLM_STORE;
    process.env.AEGIS_LLM_STORE = redis.url;
    try {
      const fake = fakeExecuteContext({
        credentialName: 'aegisDashScopeApi',
        credential: fx.dashscopeCredential,
        workflow: { id: 'wf-redis', name: 'Redis ingest' },
        parameters: { model: modelParam('text-embedding-v4'), options: {} },
      });
      const supplied = await new EmbeddingsDashScopeAegis().supplyData.call(fake.ctx, 0);
      try {
        await (supplied.response as Embeddings).embedQuery('shared spend');
      } finally {
        await supplied.closeFunction?.();
      }
      // An MCP server on the same Redis sees the call; the embedded ledger of the credential's folder does not.
      const shared = createGateway({ config: parseConfig({ home: fx.home, store: { url: redis.url } }, {}) });
      try {
        const [record] = await shared.recentRequests(1);
        expect(record).toMatchObject({
          kind: 'embed',
          provider: 'dashscope',
          model: 'text-embedding-v4',
          tags: { workflow_id: 'wf-redis', workflow_name: 'Redis ingest' },
        });
      } finally {
        await shared.close();
      }
    } finally {
      if (before === undefined) delete process.env.AEGIS_LLM_STORE;
      else process.env.AEGIS_LLM_STORE = before;
      await redis.stop();
    }
  });
});

describe('AnyLLM Embeddings sub-node', () => {
  it("makes the named model an embedding model by its vector length, priced by the credential's Model Prices", async () => {
    const fake = fakeExecuteContext({
      credentialName: 'aegisAnyLlmApi',
      credential: {
        baseUrl: fx.sim.baseURL,
        apiKey: TEST_KEY,
        providerId: 'lab',
        modelPrices: 'text-embedding-3-small: 0.02, 0',
        monthlyBudgetUsd: 1,
        dataDir: String(fx.dashscopeCredential.dataDir),
      },
      parameters: { model: modelParam('text-embedding-3-small'), vectorLength: 1536, options: {} },
    });
    const supplied = await new EmbeddingsAnyLlm().supplyData.call(fake.ctx, 0);
    try {
      const [vector] = await (supplied.response as Embeddings).embedDocuments(['tide tables']);
      expect(vector).toEqual(hashEmbedding('tide tables', 1536));
    } finally {
      await supplied.closeFunction?.();
    }
  });
});
