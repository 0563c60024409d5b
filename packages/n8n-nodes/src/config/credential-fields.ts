import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** A credential field as trimmed text; empty and missing are both `undefined`. */
export function textField(data: ICredentialDataDecryptedObject, name: string): string | undefined {
  const value = data[name];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** A credential field as a non-negative number; anything else is `undefined`. */
export function numberField(data: ICredentialDataDecryptedObject, name: string): number | undefined {
  const value = data[name];
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}
