import type { KeyState } from '../../../src/admin/api/api-types.js';
import type { KeyChoice, ProviderFormState } from './provider-form-state.js';

export interface KeyEditorProps {
  idPrefix: string;
  keyState: KeyState | undefined;
  state: ProviderFormState;
  update: (change: Partial<ProviderFormState>) => void;
  error: string | undefined;
  /** Set by the environment: the file's key has no effect while it is. */
  envVariable: string | undefined;
}

function describe(key: KeyState | undefined): string {
  if (key === undefined || key.inFile === 'none') return 'No key in the config file.';
  if (key.inFile === 'env-ref') return `The config file reads the key from $${key.envName ?? '?'}.`;
  return 'A key is set in the config file.';
}

/**
 * Keys are write-only: the page says whether one is set and where from,
 * and offers to replace it, point at a variable or remove it. It never
 * shows a key, not even masked.
 */
export function KeyEditor({ idPrefix, keyState, state, update, error, envVariable }: KeyEditorProps) {
  const choice = (value: KeyChoice, label: string) => (
    <label class="radio">
      <input type="radio" name={`${idPrefix}-key`} value={value} checked={state.keyChoice === value} onChange={() => update({ keyChoice: value })} />
      {label}
    </label>
  );
  return (
    <fieldset class={`field key-editor${error === undefined ? '' : ' has-error'}`} data-field={`${idPrefix}-key`}>
      <legend>API key</legend>
      <p class="hint">
        {describe(keyState)}
        {envVariable !== undefined && ` ${envVariable} is set in the environment and wins over the file.`}
      </p>
      <div class="radios">
        {choice('keep', keyState === undefined ? 'No key' : 'Keep as is')}
        {choice('set', keyState?.inFile === 'inline' ? 'Replace with' : 'Set')}
        {choice('env', 'Read from variable')}
        {keyState !== undefined && keyState.inFile !== 'none' && choice('remove', 'Remove')}
      </div>
      {state.keyChoice === 'set' && (
        <input
          id={`${idPrefix}-key-value`}
          aria-label="New API key"
          type="password"
          autocomplete="off"
          value={state.keyValue}
          onInput={(e) => update({ keyValue: e.currentTarget.value })}
        />
      )}
      {state.keyChoice === 'env' && (
        <input
          id={`${idPrefix}-key-env`}
          aria-label="Environment variable name"
          placeholder="MY_PROVIDER_API_KEY"
          value={state.keyEnv}
          onInput={(e) => update({ keyEnv: e.currentTarget.value })}
        />
      )}
      {error !== undefined && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
