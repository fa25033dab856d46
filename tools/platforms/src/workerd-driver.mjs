// Runs a bundled Worker in workerd through miniflare and prints its answer to one request:
// `node workerd-driver.mjs <bundle.mjs> <baseURL> <apiKey>`. No Node compatibility flag: a plain Worker.
// Then one more step of its own: two overlapping requests on the Worker's shared client, each making more
// calls than the rate limit's burst, then a request after them (see smoke/worker.mjs).
import { Miniflare } from 'miniflare';

const [scriptPath, baseURL, apiKey] = process.argv.slice(2);
const miniflare = new Miniflare({
  modules: true,
  scriptPath,
  compatibilityDate: '2026-07-01',
  bindings: { BASE_URL: baseURL, API_KEY: apiKey },
});

/** What the Worker answered to `path`, as `<status> <text>`. */
async function answer(path) {
  const response = await miniflare.dispatchFetch(`http://smoke.local${path}`);
  return `${response.status} ${(await response.text()).slice(0, 300)}`;
}

try {
  const results = await (await miniflare.dispatchFetch('http://smoke.local/')).json();
  const overlapping = await Promise.all([answer('/shared?n=12'), answer('/shared?n=12')]);
  const after = await answer('/shared?n=1');
  const seen = [...overlapping, after];
  const expected = ['200 12 chats', '200 12 chats', '200 1 chats'];
  results.push({
    name: "a client shared by a Worker's overlapping requests, each past the rate limit's burst, serves them and the next",
    ok: seen.every((text, i) => text === expected[i]),
    detail: seen.join(' | '),
  });
  console.log(JSON.stringify(results));
} finally {
  await miniflare.dispose();
}
