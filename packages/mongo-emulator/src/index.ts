export { startMongoEmulator, type MongoEmulator, type MongoEmulatorOptions } from './server';
