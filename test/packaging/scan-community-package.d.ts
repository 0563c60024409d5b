/** The part of @n8n/scan-community-package's scanner (plain JS, no types) that run-scanner.ts uses. */
declare module '@n8n/scan-community-package/scanner/scanner.mjs' {
  export const SOURCE_FILE_PATTERNS: string[];
  export function analyzePackage(packageDir: string, filePatterns?: string[]): Promise<{ passed: boolean; message?: string; details?: string }>;
}
