export { startTestMongo } from './mongo';
export { startTestRedis } from './redis';
export { uniqueName } from './names';
