/**
 * A list typed in one text field: entries separated by newlines or commas.
 * A data URL keeps its own comma (`data:image/png;base64,...`).
 */
export function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .flatMap((line) => (line.trim().startsWith('data:') ? [line] : line.split(',')))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
