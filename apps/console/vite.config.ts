import { defineConfig, loadEnv } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server proxies the gateway so the session cookie stays same-origin, exactly as in
// production where the gateway serves this build itself.
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), 'HEBING_');
  const gateway = env.HEBING_GATEWAY_URL ?? 'http://127.0.0.1:8080';
  const proxy = { target: gateway, changeOrigin: false };
  return {
    plugins: [react()],
    server: { port: 5173, proxy: { '/auth': proxy, '/trpc': proxy } },
    build: { outDir: 'dist', chunkSizeWarningLimit: 3000 },
  };
});
