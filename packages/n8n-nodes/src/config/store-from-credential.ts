import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { textField } from './credential-fields.js';

/**
 * The credential's store URL as a secret, whole: `redis://:password@host`
 * may carry a password, and the redactor then keeps it out of every output.
 */
export function storeSecrets(data: ICredentialDataDecryptedObject): string[] {
  const url = textField(data, 'storeUrl');
  return url === undefined || !url.includes('@') ? [] : [url];
}
