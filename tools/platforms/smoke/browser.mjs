// The smoke suite in a web page (bundled by esbuild, served from 127.0.0.1, run by Chromium). The page
// takes its token from its own backend (`/token`), the documented browser path, and checks the rule that
// a string token is refused in a browser unless the caller says otherwise.
import * as sdk from '@coze/client';
import { smoke } from './suite.mjs';

const baseURL = new URLSearchParams(location.search).get('baseURL');
const shortLivedToken = () => fetch('/token').then((response) => response.text());

const results = await smoke(sdk, { baseURL, apiKey: shortLivedToken });

const token = await shortLivedToken();
try {
  new sdk.CozeAPI({ apiKey: token, baseURL });
  results.push({ name: 'a string apiKey is refused in a browser', ok: false, detail: 'no error' });
} catch (error) {
  const ok = error instanceof sdk.CozeError && /dangerouslyAllowBrowser/.test(error.message) && !error.message.includes(token);
  results.push({ name: 'a string apiKey is refused in a browser', ok, detail: ok ? undefined : String(error) });
}
try {
  const coze = new sdk.CozeAPI({ apiKey: token, baseURL, dangerouslyAllowBrowser: true });
  const chat = await coze.chat.create({ messages: [{ role: 'user', content: '你好' }] });
  results.push({ name: 'dangerouslyAllowBrowser: true lets it through', ok: chat.content.includes('你好') });
} catch (error) {
  results.push({ name: 'dangerouslyAllowBrowser: true lets it through', ok: false, detail: String(error) });
}

globalThis.smokeResults = results;
