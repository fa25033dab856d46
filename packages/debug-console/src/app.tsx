import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { Field, JsonText } from './fields.js';
import { translator, type Translate } from './i18n.js';
import type { ConsoleConfig, ConsoleData, ConsoleModel, Operation } from './model.js';
import { Prose } from './prose.js';
import { collectionOfParam, remember, type RememberedId } from './remembered.js';
import { compact, send, type CallRecord } from './send.js';
import { SNIPPET_LANGUAGES, snippet, type SnippetLanguage } from './snippets.js';

interface Draft {
  params: Record<string, unknown>;
  body: Record<string, unknown> | undefined;
  bodyMode: 'form' | 'json';
  /** Set while the JSON text of the body does not parse: nothing can be sent. */
  bodyError: string | undefined;
  example: number;
  /** Path parameters filled from a remembered id, and from which operation's response. */
  filled: Record<string, string>;
}

const clone = <T,>(value: T): T => (value === undefined ? value : structuredClone(value));

function initialLanguage(data: ConsoleData): string {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked && data.models[asked]) return asked;
  const browser = navigator.language.toLowerCase();
  return data.editions.find((e) => browser.startsWith(e.id))?.id ?? data.editions[0]!.id;
}

function operationFromHash(model: ConsoleModel): string {
  const id = decodeURIComponent(location.hash.slice(1));
  return model.operations.some((op) => op.id === id) ? id : model.operations[0]!.id;
}

export function App({ data, config }: { data: ConsoleData; config: ConsoleConfig }) {
  const [lang, setLang] = useState(() => initialLanguage(data));
  const model = data.models[lang]!;
  const t = translator(lang);
  const [opId, setOpId] = useState(() => operationFromHash(model));
  const op = model.operations.find((o) => o.id === opId)!;
  const embedded = config.embedded;
  const [server, setServer] = useState(embedded ? 'embedded' : '0');
  const [customURL, setCustomURL] = useState('');
  // The token lives here and in the closure the client reads: in memory only.
  const [token, setToken] = useState('');
  const tokenRef = useRef('');
  tokenRef.current = token;
  const [calls, setCalls] = useState<CallRecord[]>([]);
  const [shown, setShown] = useState<Record<string, number>>({});
  const [snippetLanguage, setSnippetLanguage] = useState<SnippetLanguage>('curl');
  const [copied, setCopied] = useState(false);
  const drafts = useRef<Record<string, Draft>>({});
  const ids = useRef(new Map<string, RememberedId>());
  const running = useRef<{ call: CallRecord; controller: AbortController } | undefined>(undefined);
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    document.documentElement.lang = data.editions.find((e) => e.id === lang)?.lang ?? lang;
    document.title = `${t('title')} · ${model.title}`;
  }, [lang]);
  useEffect(() => {
    const onHash = () => setOpId(operationFromHash(model));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, [model]);

  const baseURL = server === 'embedded' ? embedded!.url : server === 'custom' ? customURL.trim() : model.servers[Number(server)]!.url;

  /** Fills path parameters that the user has not typed with the ids the session has seen. */
  function fillRemembered(target: Operation, draft: Draft) {
    for (const p of target.params) {
      if (p.in !== 'path') continue;
      const key = collectionOfParam(target.path, p.name);
      const known = key === undefined ? undefined : ids.current.get(key);
      const untouched = draft.params[p.name] === target.prefill[p.name] || p.name in draft.filled;
      if (known && untouched) {
        draft.params[p.name] = known.id;
        draft.filled[p.name] = known.from;
      } else if (!known && p.name in draft.filled) {
        draft.params[p.name] = target.prefill[p.name];
        delete draft.filled[p.name];
      }
    }
  }

  function draftOf(target: Operation): Draft {
    let draft = drafts.current[target.id];
    if (!draft) {
      draft = {
        params: clone(target.prefill),
        body: clone(target.body?.examples[0]?.value as Record<string, unknown> | undefined),
        bodyMode: 'form',
        bodyError: undefined,
        example: 0,
        filled: {},
      };
      drafts.current[target.id] = draft;
    }
    fillRemembered(target, draft);
    return draft;
  }
  const draft = draftOf(op);
  const update = (change: Partial<Draft>) => {
    Object.assign(draft, change);
    rerender(0);
  };

  const shownCall = calls.find((c) => c.id === shown[op.id]);
  const streaming = op.streams && draft.body?.stream === true;
  const request = { baseURL, params: compact(draft.params), body: compact(draft.body), stream: streaming };
  const tokenLevel = embedded ? Object.entries(embedded.tokens).find(([, value]) => value === token)?.[0] : undefined;

  function sendNow() {
    if (running.current || draft.bodyError) return;
    const call: CallRecord = {
      id: (calls[0]?.id ?? 0) + 1,
      operationId: op.id,
      baseURL,
      params: clone(draft.params),
      body: clone(draft.body),
      stream: streaming,
      tokenLevel,
      tokenLabel: tokenLevel ? token : undefined,
      state: 'sending',
      attempts: [],
      events: [],
      text: '',
    };
    setCalls((old) => [call, ...old]);
    setShown((old) => ({ ...old, [op.id]: call.id }));
    const controller = new AbortController();
    running.current = { call, controller };
    const sent = op;
    void send(sent, call, () => tokenRef.current, controller.signal, () => rerender(0)).then(() => {
      running.current = undefined;
      if (call.state === 'done') remember(ids.current, sent, compact(call.params), call.data);
      rerender(0);
    });
  }

  function reopen(call: CallRecord) {
    const target = model.operations.find((o) => o.id === call.operationId)!;
    const old = draftOf(target);
    drafts.current[target.id] = { ...old, params: clone(call.params), body: clone(call.body), bodyError: undefined, filled: {} };
    setShown((s) => ({ ...s, [target.id]: call.id }));
    location.hash = target.id;
    setOpId(target.id);
  }

  const invalid = shownCall?.failure?.kind === 'validation' ? shownCall.failure.fields : [];
  const code = snippet(snippetLanguage, op, request, model.servers[0]?.url);

  return (
    <div class="console">
      <header>
        <h1>
          {t('title')} <small>{model.title} {model.version}</small>
        </h1>
        <div class="controls">
          <label>
            {t('server')}
            <select aria-label={t('server')} value={server} onChange={(e) => setServer((e.target as HTMLSelectElement).value)}>
              {embedded && <option value="embedded">{`${t('embedded')} · ${embedded.url}`}</option>}
              {model.servers.map((s, i) => (
                <option value={String(i)}>{`${s.description || s.url} · ${s.url}`}</option>
              ))}
              <option value="custom">{t('custom')}</option>
            </select>
          </label>
          {server === 'custom' && (
            <input
              aria-label={t('custom')}
              class="url"
              placeholder="https://…/v1"
              value={customURL}
              onInput={(e) => setCustomURL((e.target as HTMLInputElement).value)}
            />
          )}
          <label>
            {t('token')}
            <input
              type="password"
              aria-label={t('token')}
              autocomplete="off"
              spellcheck={false}
              value={token}
              onInput={(e) => setToken((e.target as HTMLInputElement).value)}
            />
          </label>
          {embedded && server === 'embedded' && (
            <span class="demo" role="group" aria-label={t('demoTokens')}>
              {t('demoTokens')}:
              {Object.entries(embedded.tokens).map(([level, value]) => (
                <button type="button" class={`level ${level}${token === value ? ' active' : ''}`} onClick={() => setToken(value)}>
                  {level}
                </button>
              ))}
            </span>
          )}
          <label>
            {t('language')}
            <select aria-label={t('language')} value={lang} onChange={(e) => setLang((e.target as HTMLSelectElement).value)}>
              {data.editions.map((e) => (
                <option value={e.id} lang={e.lang}>
                  {e.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p class="hint">{t('tokenHint')}</p>
      </header>

      <nav aria-label="operations">
        {model.groups.map((group) => (
          <section>
            <h2 title={group.description}>{group.displayName}</h2>
            <ul>
              {group.operations.map((id) => {
                const o = model.operations.find((x) => x.id === id)!;
                return (
                  <li>
                    <a href={`#${id}`} class={id === opId ? 'current' : ''} data-operation={id}>
                      <span class={`method ${o.method}`}>{o.method}</span> {o.summary}
                    </a>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
        <section class="history" aria-label={t('history')}>
          <h2>{t('history')}</h2>
          {calls.length === 0 ? (
            <p class="hint">{t('noHistory')}</p>
          ) : (
            <ol>
              {calls.map((call) => (
                <li>
                  <button type="button" class="link" data-call={call.id} onClick={() => reopen(call)}>
                    #{call.id} {call.operationId} <Status call={call} />
                  </button>
                </li>
              ))}
            </ol>
          )}
        </section>
      </nav>

      <main>
        <div class="operation" data-operation-id={op.id}>
          <h2>
            <span class={`method ${op.method}`}>{op.method}</span> <code>{op.path}</code>
          </h2>
          <p class="title">
            <strong>{op.summary}</strong> <code class="op-id">{op.id}</code>
            {op.level && <span class={`level ${op.level}`}>{t('needs', { level: op.level })}</span>}
          </p>
          <Prose text={op.description} />
        </div>

        {op.params.length > 0 && (
          <fieldset>
            <legend>{t('parameters')}</legend>
            {op.params.map((p) => (
              <Field
                path={p.name}
                label={`${p.name}`}
                schema={{ ...p.schema, description: p.description || p.schema.description, examples: p.example === undefined ? p.schema.examples : [p.example] }}
                required={p.required}
                value={draft.params[p.name]}
                invalid={invalid}
                t={t}
                note={draft.filled[p.name] ? t('fromResponse', { op: draft.filled[p.name]! }) : undefined}
                onChange={(v) => {
                  draft.params[p.name] = v;
                  delete draft.filled[p.name];
                  rerender(0);
                }}
              />
            ))}
          </fieldset>
        )}

        {op.body && (
          <fieldset>
            <legend>{t('body')}</legend>
            <div class="body-tools">
              <span class="tabs" role="tablist">
                {(['form', 'json'] as const).map((mode) => (
                  <button
                    type="button"
                    role="tab"
                    aria-selected={draft.bodyMode === mode}
                    disabled={draft.bodyError !== undefined}
                    onClick={() => update({ bodyMode: mode })}
                  >
                    {t(mode)}
                  </button>
                ))}
              </span>
              {op.body.examples.length > 0 && (
                <label>
                  {t('example')}
                  <select
                    aria-label={t('example')}
                    value={String(draft.example)}
                    onChange={(e) => {
                      const index = Number((e.target as HTMLSelectElement).value);
                      update({ example: index, body: clone(op.body!.examples[index]!.value as Record<string, unknown>), bodyError: undefined });
                    }}
                  >
                    {op.body.examples.map((example, i) => (
                      <option value={String(i)}>{example.summary}</option>
                    ))}
                  </select>
                </label>
              )}
              <button
                type="button"
                class="link"
                onClick={() => update({ body: clone(op.body!.examples[draft.example]?.value as Record<string, unknown>), bodyError: undefined })}
              >
                {t('resetExample')}
              </button>
            </div>
            {draft.bodyMode === 'form' ? (
              <Field
                path=""
                label="body"
                schema={op.body.schema}
                required={op.body.required}
                value={draft.body}
                invalid={invalid}
                t={t}
                onChange={(v) => update({ body: v as Record<string, unknown> | undefined })}
              />
            ) : (
              <JsonText
                key={`${op.id}:${draft.example}`}
                label={t('body')}
                value={draft.body}
                rows={16}
                t={t}
                onChange={(v) => update({ body: v as Record<string, unknown> | undefined })}
                onError={(message) => update({ bodyError: message })}
              />
            )}
          </fieldset>
        )}

        <div class="actions">
          <button type="button" class="send" disabled={Boolean(running.current) || draft.bodyError !== undefined} onClick={sendNow}>
            {t('send')}
          </button>
          {running.current && (
            <button type="button" class="stop" onClick={() => running.current?.controller.abort()}>
              {t('stop')}
            </button>
          )}
          <code class="target">
            {op.method} {snippetUrl(op, request)}
          </code>
        </div>

        <section class="snippets" aria-label={t('copyAs')}>
          <div class="tabs" role="tablist" aria-label={t('copyAs')}>
            <span>{t('copyAs')}</span>
            {SNIPPET_LANGUAGES.map((l) => (
              <button type="button" role="tab" aria-selected={snippetLanguage === l.id} onClick={() => setSnippetLanguage(l.id)}>
                {l.label}
              </button>
            ))}
            <button
              type="button"
              class="copy"
              onClick={() => {
                void navigator.clipboard?.writeText(code).then(() => {
                  setCopied(true);
                  setTimeout(() => setCopied(false), 1500);
                });
              }}
            >
              {copied ? t('copied') : t('copy')}
            </button>
          </div>
          <pre data-snippet={snippetLanguage}>{code}</pre>
        </section>
      </main>

      <aside aria-label={t('result')}>
        <h2>{t('result')}</h2>
        {shownCall ? <Result call={shownCall} op={op} model={model} t={t} /> : <p class="hint">{t('nothingYet')}</p>}
      </aside>
    </div>
  );
}

function snippetUrl(op: Operation, request: { baseURL: string; params: Record<string, unknown> }): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(request.params[name] ?? `{${name}}`)));
  return `${request.baseURL}${path}`;
}

function Status({ call }: { call: CallRecord }) {
  const label = call.status ?? (call.failure ? call.failure.name : call.state);
  const ok = call.status !== undefined && call.status < 300 && call.state !== 'failed';
  return <span class={`status ${ok ? 'ok' : call.state === 'failed' ? 'bad' : ''}`}>{label}</span>;
}

function Result({ call, op, model, t }: { call: CallRecord; op: Operation; model: ConsoleModel; t: Translate }) {
  const failure = call.failure;
  const stateText =
    call.state === 'sending' ? t('sending') : call.state === 'streaming' ? t('streaming') : call.state === 'stopped' ? t('stopped') : call.state === 'done' ? t('completed') : '';
  const row = call.status ? model.errors[String(call.status)] : undefined;
  return (
    <div class="result" data-call={call.id} data-state={call.state}>
      <p class="summary">
        <span class="label">{t('status')}</span> <Status call={call} /> <span class="state">{stateText}</span>
        {call.elapsedMs !== undefined && (
          <span class="elapsed">
            {t('elapsed')} {call.elapsedMs} ms
          </span>
        )}
      </p>

      {failure && (
        <div class="failure" role="alert">
          <p class="message">
            <strong>{failure.name}</strong> {failure.message}
          </p>
          <div class="advice">
            <h3>{t('advice')}</h3>
            {failure.kind === 'validation' && <p>{t('notSent')}</p>}
            {failure.kind === 'connection' && <p>{t('connectionAdvice')}</p>}
            {failure.kind === 'client' && <p>{t('clientAdvice')}</p>}
            {row && (
              <p>
                <strong>{row.meaning}</strong> — <Prose text={row.advice} inline />
              </p>
            )}
            {failure.kind === 'api' && failure.status === 403 && op.level && (
              <p class="level-advice">
                {t('needsLevel', { need: op.level })}{' '}
                {call.tokenLevel ? t('tokenHas', { token: call.tokenLabel!, held: call.tokenLevel }) : t('tokenLacks')}
              </p>
            )}
          </div>
        </div>
      )}

      {call.attempts.length > 0 && (
        <section>
          <h3>
            {t('attempts')}: {call.attempts.length}
          </h3>
          <ol class="attempts">
            {call.attempts.map((a, i) => {
              const before = call.attempts[i - 1];
              const wait = before?.elapsedMs !== undefined ? Math.max(0, Math.round(a.startedAt - before.startedAt - before.elapsedMs)) : undefined;
              return (
                <li>
                  {wait !== undefined && <span class="wait">{t('waited', { ms: wait })} → </span>}
                  {t('attempt', { n: a.attempt + 1 })}: {a.method} {a.url} → <strong>{a.status ?? '…'}</strong>
                  {a.elapsedMs !== undefined && ` (${a.elapsedMs} ms)`}
                  {a.requestId && <span class="request-id"> · {t('requestId', { id: a.requestId })}</span>}
                  {a.retry && <span class="retry"> · {t('retrying', { ms: a.retry.delayMs, reason: a.retry.reason })}</span>}
                </li>
              );
            })}
          </ol>
          <details>
            <summary>{t('requestHeaders')}</summary>
            <Headers headers={call.attempts.at(-1)!.headers} />
          </details>
        </section>
      )}

      {call.headers && (
        <section>
          <h3>{t('responseHeaders')}</h3>
          <Headers headers={call.headers} />
        </section>
      )}

      {call.stream && (call.events.length > 0 || call.state === 'streaming') && (
        <section>
          <h3>
            {t('events')}: {call.events.length}
          </h3>
          <ol class="events">
            {call.events.map((e) => (
              <li data-event={e.event}>
                <code>{e.event}</code> {JSON.stringify(e.data)}
              </li>
            ))}
          </ol>
          <h3>{t('text')}</h3>
          <p class="assembled">{call.text}</p>
        </section>
      )}

      {(call.data !== undefined || (failure?.kind === 'api' && failure.body !== undefined)) && (
        <section>
          <h3>{t('responseBody')}</h3>
          <pre class="body">{JSON.stringify(call.data ?? (failure as { body: unknown }).body, null, 2)}</pre>
        </section>
      )}
    </div>
  );
}

function Headers({ headers }: { headers: Record<string, string> }) {
  return (
    <table class="headers">
      <tbody>
        {Object.entries(headers)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, value]) => (
            <tr class={/^(x-request-id|x-ratelimit|retry-after)/.test(name) ? 'key' : ''}>
              <th>{name}</th>
              <td>{value}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
