export { startTestMongo, type TestMongo } from './mongo';
export { startTestRedis, freePort, type TestRedis, type TestRedisOptions } from './redis';
export { uniqueName } from './names';
