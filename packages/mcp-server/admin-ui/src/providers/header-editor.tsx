import type { HeaderRow } from './provider-form-state.js';

export interface HeaderEditorProps {
  idPrefix: string;
  rows: HeaderRow[];
  onChange: (rows: HeaderRow[]) => void;
  error: string | undefined;
}

/** Extra HTTP headers. Values already in the file stay hidden (they are often credentials); typing one replaces it. */
export function HeaderEditor({ idPrefix, rows, onChange, error }: HeaderEditorProps) {
  const edit = (index: number, change: Partial<HeaderRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset class={`field headers${error === undefined ? '' : ' has-error'}`} data-field={`${idPrefix}-headers`}>
      <legend>Extra headers</legend>
      {rows.length === 0 && <p class="hint">None.</p>}
      {rows.map((row, index) => (
        <div class="header-row" key={index}>
          <input
            aria-label="Header name"
            placeholder="X-Title"
            value={row.name}
            disabled={row.existing}
            onInput={(e) => edit(index, { name: e.currentTarget.value })}
          />
          <input
            aria-label={`Value of ${row.name || 'header'}`}
            type="password"
            placeholder={row.existing ? 'unchanged (hidden)' : 'value'}
            value={row.value}
            onInput={(e) => edit(index, { value: e.currentTarget.value })}
          />
          <button type="button" class="icon" title="Remove header" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" class="link" onClick={() => onChange([...rows, { name: '', value: '', existing: false }])}>
        + Add header
      </button>
      {error !== undefined && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
