/**
 * Run by scan-community-package.test.ts in a process of its own
 * (`node run-scanner.ts <dir> source|tarball`): n8n's scanner analysis
 * (`analyzePackage` of @n8n/scan-community-package) on a folder, printed as
 * JSON. Not in the test process: eslint-plugin-n8n-nodes-base treats every
 * file as a trigger node file when NODE_ENV is "test", as vitest sets it.
 */
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

/** The scanner's tarball leg (scanner.mjs, analyzePackageByName): compiled .js and the package.json. */
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

const [dir, leg] = process.argv.slice(2);
if (!dir || (leg !== 'source' && leg !== 'tarball')) throw new Error('usage: run-scanner.ts <dir> source|tarball');
const result = await analyzePackage(dir, leg === 'source' ? SOURCE_FILE_PATTERNS : TARBALL_PATTERNS);
process.stdout.write(JSON.stringify({ passed: result.passed, message: result.message, details: result.details }));
