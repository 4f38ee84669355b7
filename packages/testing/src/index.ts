export { startTestMongo, type TestMongo } from './mongo';
export { startTestRedis, freePort, type TestRedis } from './redis';
export { uniqueName } from './names';
