import type { AlertView } from '../../../src/admin/api/api-types.js';
import { time } from '../format.js';

/** Budget alerts that fired this month, newest first. */
export function AlertsList({ alerts }: { alerts: AlertView[] }) {
  if (alerts.length === 0) return <p class="muted">No alert has fired this month.</p>;
  return (
    <ul class="alerts" data-testid="alerts">
      {alerts.map((alert) => (
        <li key={`${alert.provider}-${alert.period}-${alert.threshold}`} class={alert.threshold >= 100 ? 'alert-limit' : 'alert'}>
          <strong>
            {alert.provider} reached {alert.threshold}%
          </strong>{' '}
          of its {alert.period} budget: {alert.spentUsd} of {alert.limitUsd}
          <span class="muted"> · {time(alert.firedAt)}</span>
        </li>
      ))}
    </ul>
  );
}
