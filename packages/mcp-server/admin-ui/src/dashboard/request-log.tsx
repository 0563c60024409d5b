import { useState } from 'preact/hooks';
import { ERROR_KIND_VIEWS, type RequestLogResponse } from '../../../src/admin/api/api-types.js';
import { useResource } from '../use-resource.js';
import { rangeQuery, type DayRange } from './range-form.js';
import { RecentTable } from './recent-table.js';

const PAGE = 25;

interface Filters {
  text: string;
  provider: string;
  model: string;
  task: string;
  tag: string;
  outcome: string;
  kind: string;
}

const EMPTY: Filters = { text: '', provider: '', model: '', task: '', tag: '', outcome: 'all', kind: 'all' };

function logPath(filters: Filters, range: DayRange | undefined, offset: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== '' && value !== 'all') params.set(name, value);
  params.set('offset', String(offset));
  params.set('limit', String(PAGE));
  const days = rangeQuery(range);
  return `/requests?${params.toString()}${days === '' ? '' : `&${days}`}`;
}

/**
 * The request log: the latest requests searched by text, provider, model,
 * task, tag, outcome and kind (the server searches and pages; the dashboard's
 * date range applies), a page of 25 at a time.
 */
export function RequestLog({ range }: { range: DayRange | undefined }) {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [offset, setOffset] = useState(0);
  const log = useResource<RequestLogResponse>(logPath(filters, range, offset));
  const data = log.data;
  const set = (name: keyof Filters) => (event: Event) => setDraft({ ...draft, [name]: (event.target as HTMLInputElement | HTMLSelectElement).value });
  const input = (name: keyof Filters, label: string, placeholder: string) => (
    <label>
      {label} <input type="search" name={name} value={draft[name]} placeholder={placeholder} maxLength={300} onInput={set(name)} />
    </label>
  );

  return (
    <div data-testid="request-log">
      <form
        class="inline-form log-search"
        role="search"
        aria-label="Search the request log"
        onSubmit={(event) => {
          event.preventDefault();
          setOffset(0);
          setFilters(draft);
        }}
      >
        {input('text', 'Text', 'any field')}
        {input('provider', 'Provider', 'dashscope')}
        {input('model', 'Model', 'qwen-plus')}
        {input('task', 'Task', 'summarize')}
        {input('tag', 'Tag', 'name=value')}
        <label>
          Outcome{' '}
          <select name="outcome" value={draft.outcome} onChange={set('outcome')}>
            <option value="all">any</option>
            <option value="ok">ok</option>
            <option value="error">any failure</option>
            {ERROR_KIND_VIEWS.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
            <option value="abandoned">abandoned</option>
          </select>
        </label>
        <label>
          Kind{' '}
          <select name="kind" value={draft.kind} onChange={set('kind')}>
            <option value="all">chat and embeddings</option>
            <option value="chat">chat</option>
            <option value="embed">embeddings</option>
            <option value="test">connection tests</option>
          </select>
        </label>
        <button type="submit">Search</button>
        <button
          type="button"
          onClick={() => {
            setDraft(EMPTY);
            setFilters(EMPTY);
            setOffset(0);
          }}
        >
          Clear
        </button>
      </form>
      {log.error !== undefined && (
        <p class="form-error" role="alert">
          {log.error}
        </p>
      )}
      {data !== undefined && (
        <>
          <p class="muted" data-testid="log-summary" aria-live="polite">
            {data.total === 0 ? 'No request matches.' : `Requests ${data.offset + 1}–${data.offset + data.requests.length} of ${data.total} matching`} (of the
            latest {data.searched} requests{data.windowFull ? '; older ones are not searched' : ''}).
          </p>
          {data.requests.length > 0 && <RecentTable rows={data.requests} testId="log-table" />}
          <div class="actions">
            <button type="button" disabled={data.offset === 0} onClick={() => setOffset(Math.max(0, data.offset - PAGE))}>
              Newer
            </button>
            <button type="button" disabled={data.offset + data.requests.length >= data.total} onClick={() => setOffset(data.offset + PAGE)}>
              Older
            </button>
          </div>
        </>
      )}
    </div>
  );
}
