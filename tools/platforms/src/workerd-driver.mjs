// Runs a bundled Worker in workerd through miniflare and prints its answer to one request:
// `node workerd-driver.mjs <bundle.mjs> <baseURL> <apiKey>`. No Node compatibility flag: a plain Worker.
import { Miniflare } from 'miniflare';

const [scriptPath, baseURL, apiKey] = process.argv.slice(2);
const miniflare = new Miniflare({
  modules: true,
  scriptPath,
  compatibilityDate: '2026-07-01',
  bindings: { BASE_URL: baseURL, API_KEY: apiKey },
});
try {
  const response = await miniflare.dispatchFetch('http://smoke.local/');
  console.log(await response.text());
} finally {
  await miniflare.dispose();
}
