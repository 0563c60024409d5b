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
          {alert.delivery && <DeliveryNote delivery={alert.delivery} />}
        </li>
      ))}
    </ul>
  );
}

/** Where the webhook delivery stands, as the core reports it. */
function DeliveryNote({ delivery }: { delivery: NonNullable<AlertView['delivery']> }) {
  const tries = `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`;
  const why = delivery.lastError === undefined ? '' : `, last: ${delivery.lastError}`;
  return (
    <span class={`muted delivery-${delivery.state}`} data-testid="alert-delivery">
      {' '}
      · webhook {delivery.state} ({tries}
      {delivery.state === 'delivered' ? '' : why})
    </span>
  );
}
