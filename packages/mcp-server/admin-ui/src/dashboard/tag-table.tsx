import { useState } from 'preact/hooks';
import type { TagSpendView } from '../../../src/admin/api/api-types.js';

/** Names shown first when present: the ones a user usually asks spend by. */
const PREFERRED = ['workflow_name', 'workflow_id', 'mcp_client', 'agent', 'client_key', 'end_user', 'node_name'];

/**
 * Spend per tag value this month, for one tag name at a time (a select):
 * per workflow, MCP client, end user... Tag names and values are shown as
 * text, never used as object keys.
 */
export function TagTable({ tags }: { tags: TagSpendView[] }) {
  const names = [...new Set(tags.map((tag) => tag.name))].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  if (names.length === 0) {
    return <p class="muted">No tagged requests this month. n8n nodes tag their workflow and node; MCP clients their name; the chat tool takes `tags`.</p>;
  }
  const name = chosen !== undefined && names.includes(chosen) ? chosen : (names[0] as string);
  const rows = tags.filter((tag) => tag.name === name);
  return (
    <div>
      <label class="inline">
        Tag{' '}
        <select data-testid="tag-name" value={name} onChange={(event) => setChosen((event.target as HTMLSelectElement).value)}>
          {names.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </label>
      <div class="table-scroll">
        <table data-testid="table-tags">
          <thead>
            <tr>
              <th>{name}</th>
              <th class="num">Spend</th>
              <th class="num">Requests</th>
              <th class="num">Errors</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.value ?? '\u0000other'}>
                <td>{row.value ?? <span class="muted">(other values)</span>}</td>
                <td class="num">
                  {row.spentUsd}
                  {row.unpriced > 0 && <span class="muted"> +{row.unpriced} unpriced</span>}
                </td>
                <td class="num">{row.requests}</td>
                <td class={`num${row.errors > 0 ? ' bad' : ''}`}>{row.errors}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function rank(name: string): number {
  const index = PREFERRED.indexOf(name);
  return index < 0 ? PREFERRED.length : index;
}
