/**
 * `pnpm build` step: writes the browser app to dist/admin-ui/, which the
 * published package serves (its admin-ui sources are not shipped).
 * Run after tsc: `node dist/admin/assets/write-admin-ui-bundle.js`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildAdminUi } from './build-admin-ui.js';
import { packageRoot, prebuiltDir } from './package-root.js';

const bundle = await buildAdminUi(packageRoot());
const out = prebuiltDir(packageRoot());
await mkdir(out, { recursive: true });
await writeFile(path.join(out, 'app.js'), bundle.js);
await writeFile(path.join(out, 'app.css'), bundle.css);
console.error(`admin UI bundle written to ${path.relative(process.cwd(), out) || out} (${Math.round(bundle.js.length / 1024)} KiB js)`);
