export * from './common';
export * from './units';
export * from './plans';
export * from './stats';
export * from './history';
export * from './imports';
export * from './readiness';
