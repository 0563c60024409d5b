/** Longest text echoed back in an error. */
const MAX_SHOWN = 60;

/**
 * A non-secret value as an error message quotes it. Credentials in a URL
 * (`https://user:pass@host`) are masked: only the shape is worth showing.
 */
export function showConfigValue(value: string): string {
  const masked = value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@');
  const text = JSON.stringify(masked);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 4)}..."` : text;
}
