import type { Linter } from 'eslint';

export declare const ENV_MODULES: string[];
export declare function hebingConfig(root: string, options?: { typeAware?: boolean }): Linter.Config[];
export declare function boundaryConfigs(root: string): Linter.Config[];
export declare function listApps(root: string): string[];
