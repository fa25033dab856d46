export { startMockServer } from './src/server.js';
