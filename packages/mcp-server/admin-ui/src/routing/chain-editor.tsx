import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RouteTargetView, RoutingResponse, TaskRouteView } from '../../../src/admin/api/api-types.js';
import { api, formErrors } from '../api-client.js';
import { Badge } from '../components/badge.js';
import { FormError } from '../components/field.js';
import { price, tokens } from '../format.js';
import { useRouteCheck } from './use-route-check.js';

export interface ChainEditorProps {
  task: TaskRouteView;
  models: RouteTargetView[];
  onSaved: (view: RoutingResponse) => void;
  /** For a new task not saved yet: drop it from the page (nothing to remove from the file). */
  onDiscard?: () => void;
}

const SOURCE_LABEL: Record<TaskRouteView['source'], string> = { default: 'built-in', config: 'from config file', custom: 'custom task' };

/** One task's chain: reorder, add, remove, then save (or go back to the built-in chain). */
export function ChainEditor({ task, models, onSaved, onDiscard }: ChainEditorProps) {
  const [chain, setChain] = useState<string[]>(() => task.chain.map((t) => t.target));
  const [adding, setAdding] = useState('');
  const [errors, setErrors] = useState<ReturnType<typeof formErrors>>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const saved = task.chain.map((t) => t.target);
  const dirty = chain.join('\n') !== saved.join('\n');
  const id = `task-${task.task}`;
  // The chain and the target being typed, checked as typed: the typed one is the last index.
  const checked = useRouteCheck('', [...chain, adding]);
  const checkOf = (index: number) => checked.targets.find((c) => c.index === index);
  const typedCheck = adding.trim() === '' ? undefined : checkOf(chain.length);
  const add = () => {
    if (adding.trim() === '') return;
    setChain([...chain, adding.trim()]);
    setAdding('');
  };

  // A save elsewhere (or ours) brings a new chain: start from it.
  useEffect(() => setChain(task.chain.map((t) => t.target)), [task]);

  const info = (target: string): RouteTargetView | undefined => task.chain.find((t) => t.target === target) ?? models.find((m) => m.target === target);
  const list = useRef<HTMLOListElement>(null);
  /** After a move by keyboard, the moved target's button keeps the focus (else it falls to the page, and the place is lost). */
  const focusAfterMove = useRef<{ index: number; direction: 'up' | 'down' | 'remove' } | undefined>(undefined);
  // A layout effect: the focus moves in the same task as the DOM change, so it
  // never rests on the page in between (a screen reader would announce that).
  useLayoutEffect(() => {
    const wanted = focusAfterMove.current;
    focusAfterMove.current = undefined;
    if (wanted === undefined || list.current === null) return;
    if (wanted.direction === 'remove') {
      // The next target's Remove (the one now in its place), else the "add a target" field.
      const items = list.current.querySelectorAll('li[data-target]');
      const next = items[wanted.index]?.querySelector<HTMLButtonElement>('button[data-move="remove"]');
      (next ?? list.current.parentElement?.querySelector<HTMLInputElement>('.add-target input'))?.focus();
      return;
    }
    const item = list.current.querySelectorAll('li[data-target]')[wanted.index];
    const same = item?.querySelector<HTMLButtonElement>(`button[data-move="${wanted.direction}"]`);
    const other = item?.querySelector<HTMLButtonElement>(`button[data-move="${wanted.direction === 'up' ? 'down' : 'up'}"]`);
    (same !== null && same !== undefined && !same.disabled ? same : other)?.focus();
  }, [chain]);
  const move = (index: number, by: number) => {
    const next = [...chain];
    const [item] = next.splice(index, 1);
    if (item !== undefined) next.splice(index + by, 0, item);
    focusAfterMove.current = { index: index + by, direction: by < 0 ? 'up' : 'down' };
    setChain(next);
  };
  const send = async (method: 'PUT' | 'DELETE') => {
    setBusy(true);
    setErrors({ fields: {} });
    try {
      const path = `/routing/${encodeURIComponent(task.task)}`;
      onSaved(await api<RoutingResponse>(method, path, method === 'PUT' ? { chain } : undefined));
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };
  const chainError = errors.fields.chain ?? errors.fields.task;

  return (
    <section class="card route" data-task={task.task} aria-label={`Route ${task.task}`}>
      <header class="card-head">
        <h2>{task.task}</h2>
        <Badge tone={task.source === 'default' ? 'muted' : 'info'}>{SOURCE_LABEL[task.source]}</Badge>
      </header>
      <ol class="chain" ref={list}>
        {chain.map((target, index) => {
          const t = info(target);
          const error = errors.fields[`chain[${index}]`];
          const check = checkOf(index);
          // The saved route's warning names the target as saved; once edited, the as-typed check speaks.
          const warning = dirty ? check?.message : (t?.warning ?? check?.message);
          const suggestion = dirty ? check?.suggestion : (t?.suggestion ?? check?.suggestion);
          return (
            <li key={`${target}-${index}`} class={error === undefined ? undefined : 'has-error'} data-target={target}>
              <div class="target-line">
                <span class="target">{target}</span>
                {t !== undefined && !t.knownProvider && <Badge tone="bad">unknown provider</Badge>}
                {t !== undefined && t.knownProvider && !t.configured && <Badge tone="muted">not configured</Badge>}
                {t?.status !== undefined && t.status !== 'current' && (
                  <Badge tone="bad" title={t.replacement === undefined ? undefined : `Use ${t.provider}/${t.replacement}`}>
                    {t.status}
                    {t.statusDate === undefined ? '' : ` ${t.statusDate}`}
                  </Badge>
                )}
                <span class="spacer" />
                <button
                  type="button"
                  class="icon"
                  title="Move up"
                  data-move="up"
                  aria-label={`Move ${target} up in ${task.task}`}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="icon"
                  title="Move down"
                  data-move="down"
                  aria-label={`Move ${target} down in ${task.task}`}
                  disabled={index === chain.length - 1}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  class="icon"
                  title="Remove"
                  data-move="remove"
                  aria-label={`Remove ${target} from ${task.task}`}
                  onClick={() => {
                    focusAfterMove.current = { index, direction: 'remove' };
                    setChain(chain.filter((_, i) => i !== index));
                  }}
                >
                  ✕
                </button>
              </div>
              <div class="target-facts muted">
                {t?.contextWindow !== undefined ? `${tokens(t.contextWindow)} context` : 'context unknown'}
                {t?.maxOutputTokens !== undefined && ` · ${tokens(t.maxOutputTokens)} max out`}
                {' · '}
                {price(t?.price)}
              </div>
              {warning !== undefined && (
                <p class="field-warning">
                  {warning}
                  {suggestion !== undefined && (
                    <>
                      {' '}
                      <button type="button" class="link" onClick={() => setChain(chain.map((x, i) => (i === index ? suggestion : x)))}>
                        Use {suggestion}
                      </button>
                    </>
                  )}
                </p>
              )}
              {error !== undefined && (
                <p class="field-error" role="alert">
                  {error}
                </p>
              )}
            </li>
          );
        })}
        {chain.length === 0 && <li class="muted empty">No targets.</li>}
      </ol>
      <form
        class="add-target"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <input
          id={`${id}-add`}
          aria-label={`Add a target to ${task.task}`}
          aria-describedby={typedCheck === undefined ? undefined : `${id}-add-check`}
          list="catalog-targets"
          placeholder="provider/model"
          value={adding}
          onInput={(e) => setAdding(e.currentTarget.value)}
        />
        <button type="submit">Add</button>
      </form>
      {typedCheck !== undefined && (
        <p class={typedCheck.code === 'invalid' ? 'field-error' : 'field-warning'} id={`${id}-add-check`} role="status">
          {typedCheck.message}
          {typedCheck.suggestion !== undefined && (
            <>
              {' '}
              <button type="button" class="link" onClick={() => setAdding(typedCheck.suggestion ?? adding)}>
                Use {typedCheck.suggestion}
              </button>
            </>
          )}
        </p>
      )}
      {chainError !== undefined && (
        <p class="field-error" role="alert">
          {chainError}
        </p>
      )}
      <FormError message={errors.form} list={errors.formList} />
      <div class="actions">
        <button type="button" class="primary" disabled={busy || !dirty} onClick={() => send('PUT')}>
          Save
        </button>
        {dirty && (
          <button type="button" onClick={() => setChain(saved)}>
            Undo changes
          </button>
        )}
        {onDiscard !== undefined ? (
          <button type="button" onClick={onDiscard}>
            Discard new task
          </button>
        ) : (
          task.source !== 'default' && (
            <button type="button" disabled={busy} onClick={() => send('DELETE')}>
              {task.source === 'config' ? 'Back to built-in chain' : 'Remove task'}
            </button>
          )
        )}
      </div>
    </section>
  );
}
