import path from 'node:path';
import express, { type Express } from 'express';

/** The console's production build at `/`, with index.html for client-side routes. */
export function serveConsole(app: Express, dist: string): void {
  const root = path.resolve(dist);
  app.use(express.static(root, { index: 'index.html', maxAge: '1h', setHeaders: noCacheIndex }));
  app.get(/^\/(?!trpc\/|auth\/|admin\/|healthz$|readyz$).*/, (req, res, next) => {
    // A missing file (anything with an extension) is a 404, not the app shell.
    if (req.method !== 'GET' || !req.accepts('html') || path.extname(req.path) !== '') return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(path.join(root, 'index.html'));
  });
}

// Hashed assets cache; index.html must not, or a deploy leaves browsers on old chunk names.
function noCacheIndex(res: express.Response, file: string): void {
  if (file.endsWith('index.html')) res.setHeader('cache-control', 'no-cache');
}
