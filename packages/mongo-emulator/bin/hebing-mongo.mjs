#!/usr/bin/env node
// Runs the TypeScript entry point through tsx (internal packages ship TS source).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
