export * from './roles';
export * from './jurisdiction';
export * from './errors';
export * from './auth';
export * from './events';
export * from './audit';
export * from './gateway/users';
export * from './divisions';
