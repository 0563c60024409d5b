import path from 'node:path';

/** The browser app: one script and one stylesheet. */
export interface UiBundle {
  js: string;
  css: string;
}

/** Where the app's sources live in a checkout (not shipped in the npm package). */
export function uiSourceEntry(packageRoot: string): string {
  return path.join(packageRoot, 'admin-ui', 'src', 'main.tsx');
}

/**
 * Bundles admin-ui (Preact + Chart.js, from node_modules) into one ES module
 * and one stylesheet, in memory. Nothing is fetched at run time: every
 * import is resolved and inlined here. esbuild is a devDependency, loaded
 * only when a bundle is built (`pnpm build`, or serving from a checkout).
 */
export async function buildAdminUi(packageRoot: string, options: { minify?: boolean } = {}): Promise<UiBundle> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: { app: uiSourceEntry(packageRoot) },
    absWorkingDir: packageRoot,
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: options.minify ?? true,
    // Chart.js and Preact are MIT: keep their notices, at the end of the file.
    legalComments: 'eof',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const pick = (ext: string) => result.outputFiles.find((file) => file.path.endsWith(ext))?.text ?? '';
  return { js: pick('.js'), css: pick('.css') };
}
