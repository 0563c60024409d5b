import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api-client.js';

export interface Resource<T> {
  data: T | undefined;
  error: string | undefined;
  /** Fetch again now. */
  reload(): Promise<void>;
  /** Replace the data with a write's answer (the API answers writes with the fresh view). */
  set(data: T): void;
  updatedAt: Date | undefined;
}

/**
 * GETs `path`, and again every `pollMs` while the tab is visible: the
 * dashboard and budget bars move while the page is open, and a hidden tab
 * costs the server nothing.
 */
export function useResource<T>(path: string, pollMs?: number): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [updatedAt, setUpdatedAt] = useState<Date | undefined>(undefined);
  const alive = useRef(true);

  const reload = useCallback(async () => {
    try {
      const next = await api<T>('GET', path);
      if (!alive.current) return;
      setData(next);
      setError(undefined);
      setUpdatedAt(new Date());
    } catch (failure) {
      if (alive.current) setError(failure instanceof Error ? failure.message : String(failure));
    }
  }, [path]);

  useEffect(() => {
    alive.current = true;
    void reload();
    if (pollMs === undefined) return () => void (alive.current = false);
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, pollMs);
    return () => {
      alive.current = false;
      window.clearInterval(timer);
    };
  }, [reload, pollMs]);

  const set = useCallback((next: T) => {
    setData(next);
    setUpdatedAt(new Date());
  }, []);

  return { data, error, reload, set, updatedAt };
}
