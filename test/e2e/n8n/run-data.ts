/** The parts of `n8n execute --rawOutput` (an IRun) the e2e test reads. */
export interface RawRun {
  status: string;
  finished?: boolean;
  data: { resultData: { error?: unknown; runData: Record<string, NodeRun[]> } };
}

export interface NodeRun {
  executionStatus?: string;
  error?: unknown;
  data?: Record<string, Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }> | null>>;
}

/**
 * The run JSON from `execute --rawOutput`'s stdout. n8n logs a few lines
 * (task broker, license) to stdout before it; the JSON is the rest, from the
 * first line that opens an object.
 */
export function parseRawRun(stdout: string): RawRun {
  const start = stdout.search(/^\{/m);
  if (start === -1) throw new Error(`no JSON in n8n's output:\n${stdout.slice(-2000)}`);
  return JSON.parse(stdout.slice(start)) as RawRun;
}

/** The JSON of the items a node put on an output (`main` by default) in its first run. */
export function nodeItems(run: RawRun, node: string, output = 'main'): Array<Record<string, unknown>> {
  const runs = run.data.resultData.runData[node];
  if (!runs?.[0]) throw new Error(`node "${node}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`);
  return (runs[0].data?.[output]?.[0] ?? []).map((item) => item.json);
}
