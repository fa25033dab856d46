export { startMockServer } from './src/server.js';
export { seededRandom } from './src/random.js';
