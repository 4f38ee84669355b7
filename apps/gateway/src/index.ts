export { createApp, type GatewayApp, type GatewayConfig, type GatewayDeps } from './app';
export type { Router } from './router';
