export { loadConfig, type ExampleServerConfig } from './config.js';
export { recordsRouter, type ExampleRecord } from './records.js';
export { createExampleServer, type ExampleServerOptions } from './server.js';
