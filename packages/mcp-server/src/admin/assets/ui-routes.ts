import type { Request, RequestHandler, Response } from 'express';
import type { UiAssets } from './create-ui-assets.js';
import { INDEX_HTML } from './index-html.js';

export interface UiHandlers {
  page: RequestHandler;
  script: RequestHandler;
  stylesheet: RequestHandler;
}

/** The page shell and its two assets (mounted on exact paths, so nothing else of the app is touched). */
export function uiHandlers(assets: UiAssets): UiHandlers {
  const asset =
    (kind: 'js' | 'css'): RequestHandler =>
    async (_req: Request, res: Response) => {
      try {
        const bundle = await assets.get();
        // Revalidated on each load (the ETag makes that a 304): a rebuilt bundle is never stale.
        res.setHeader('Cache-Control', 'no-cache');
        res.type(kind === 'js' ? 'text/javascript' : 'text/css').send(kind === 'js' ? bundle.js : bundle.css);
      } catch (error) {
        const message = error instanceof Error ? error.message : 'The admin page could not be built.';
        console.error(`[aegis-llm admin] ${message}`);
        res.status(500).type('text/plain').send(message);
      }
    };
  return {
    page: (_req: Request, res: Response) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(INDEX_HTML);
    },
    script: asset('js'),
    stylesheet: asset('css'),
  };
}
