import { defineConfig, loadEnv, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server proxies the gateway so the session cookie stays first-party, as in production
// where the gateway serves this build itself. The gateway refuses mutations whose Origin is not
// its own (CSRF), so the proxy presents the gateway's origin.
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), 'HEBING_');
  const gateway = env.HEBING_GATEWAY_URL ?? 'http://localhost:8080';
  const proxy: ProxyOptions = {
    target: gateway,
    configure: (p) => p.on('proxyReq', (req) => req.setHeader('origin', new URL(gateway).origin)),
  };
  return {
    plugins: [react()],
    server: { port: 5173, proxy: { '/auth': proxy, '/trpc': proxy } },
    build: { outDir: 'dist', chunkSizeWarningLimit: 3000 },
  };
});
