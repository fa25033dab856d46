import { render } from 'preact';
import { App } from './app.js';
import type { ConsoleConfig, ConsoleData } from './model.js';
import './styles.css';

// Both are JSON in the page: the data written at build time, the config by the serving process (`{}` when the
// page is opened as a static file).
const read = <T,>(id: string): T => JSON.parse(document.getElementById(id)!.textContent!) as T;

render(<App data={read<ConsoleData>('coze-console-data')} config={read<ConsoleConfig>('coze-console-config')} />, document.body);
