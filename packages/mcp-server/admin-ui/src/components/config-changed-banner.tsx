import { useEffect, useState } from 'preact/hooks';
import type { ConfigStatusResponse } from '../../../src/admin/api/api-types.js';
import { acceptConfigVersion, api, CONFIG_CHANGED_EVENT, seenConfigVersion } from '../api-client.js';

/**
 * "The config file changed on disk": shown when the file's version on the
 * server is not the one this page's views showed (a hand edit, another tab).
 * Reload fetches the pages' data again; until then an edit is refused rather
 * than saved over what the page has not shown.
 */
export function ConfigChangedBanner({ onReload, pollMs = 3000 }: { onReload: () => void; pollMs?: number }) {
  const [status, setStatus] = useState<ConfigStatusResponse | undefined>(undefined);
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    let alive = true;
    const poll = () =>
      api<ConfigStatusResponse>('GET', '/config/status').then(
        (next) => alive && setStatus(next),
        () => undefined,
      );
    void poll();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void poll();
    }, pollMs);
    const onRefused = () => {
      setRefused(true);
      void poll();
    };
    window.addEventListener(CONFIG_CHANGED_EVENT, onRefused);
    return () => {
      alive = false;
      window.clearInterval(timer);
      window.removeEventListener(CONFIG_CHANGED_EVENT, onRefused);
    };
  }, [pollMs]);

  const seen = seenConfigVersion();
  const stale = status !== undefined && seen !== undefined && status.version !== seen;
  if (!stale && !refused) return null;
  const change = status?.lastDiskChange;
  return (
    <div class="banner" role="alert" data-testid="config-changed">
      <p>
        <strong>The config file changed on disk.</strong>{' '}
        {change === undefined || change.applied
          ? 'The new content is in force; this page still shows the old one.'
          : `It is not valid, so the running configuration is unchanged: ${change.problem ?? ''}`}
        {refused && ' Your last change was not saved.'}
      </p>
      <button
        type="button"
        onClick={() => {
          setRefused(false);
          if (status !== undefined) acceptConfigVersion(status.version);
          onReload();
        }}
      >
        Reload
      </button>
    </div>
  );
}
