// Type-only surface: other packages (api-client) type against the router; nobody imports our runtime.
export type { AppRouter, Router } from './router';
