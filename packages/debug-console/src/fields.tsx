// Form fields generated from JSON Schemas: each with its description and bounds beside it. Scalars get inputs,
// objects with properties nest, arrays list their items; anything else (free-form objects, unions) is edited
// as JSON. An empty field is `undefined`, which is not sent.

import { useState } from 'preact/hooks';
import type { Translate } from './i18n.js';
import type { Schema } from './model.js';
import { Prose } from './prose.js';

export interface FieldProps {
  /** The dotted path the SDK's validation messages use, e.g. `messages[0].content`. */
  path: string;
  label: string;
  schema: Schema;
  value: unknown;
  required: boolean;
  onChange: (value: unknown) => void;
  t: Translate;
  /** Fields the last validation named. */
  invalid: string[];
  /** A note beside the field (where its value came from). */
  note?: string | undefined;
}

function typeOf(schema: Schema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type) return type;
  if (schema.properties) return 'object';
  return undefined;
}

function span(min: number | undefined, max: number | undefined, t: Translate): string | undefined {
  if (min !== undefined && max !== undefined) return t('range', { min, max });
  if (min !== undefined) return t('atLeast', { min });
  if (max !== undefined) return t('atMost', { max });
  return undefined;
}

/** The schema's rules in words: "0 to 1", "1 to 32768 characters", "default 20", "one of …". */
export function bounds(schema: Schema, t: Translate): string[] {
  const out: string[] = [];
  const numbers = span(schema.minimum ?? schema.exclusiveMinimum, schema.maximum ?? schema.exclusiveMaximum, t);
  if (numbers) out.push(numbers);
  const chars = span(schema.minLength, schema.maxLength, t);
  if (chars) out.push(t('chars', { range: chars }));
  const items = span(schema.minItems, schema.maxItems, t);
  if (items) out.push(t('items', { range: items }));
  if (schema.pattern) out.push(t('pattern', { value: schema.pattern }));
  if (schema.default !== undefined) out.push(t('defaultIs', { value: JSON.stringify(schema.default) }));
  return out;
}

function exampleOf(schema: Schema): unknown {
  return schema.examples?.[0] ?? schema.example;
}

/** A JSON text area for one value; the value changes only when the text parses. */
export function JsonText(props: {
  value: unknown;
  onChange: (value: unknown) => void;
  onError?: (message: string | undefined) => void;
  rows?: number;
  label: string;
  t: Translate;
}) {
  const shown = props.value === undefined ? '' : JSON.stringify(props.value, null, 2);
  const [draft, setDraft] = useState<{ text: string; error: string } | undefined>(undefined);
  return (
    <div class="json-text">
      <textarea
        aria-label={props.label}
        spellcheck={false}
        rows={props.rows ?? Math.min(18, Math.max(3, shown.split('\n').length + 1))}
        value={draft?.text ?? shown}
        onInput={(e) => {
          const text = (e.target as HTMLTextAreaElement).value;
          if (text.trim() === '') {
            setDraft(undefined);
            props.onError?.(undefined);
            props.onChange(undefined);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(text);
            setDraft(undefined);
            props.onError?.(undefined);
            props.onChange(parsed);
          } catch (error) {
            const message = (error as Error).message;
            setDraft({ text, error: message });
            props.onError?.(message);
          }
        }}
      />
      {draft && <p class="error">{props.t('invalidJson', { message: draft.error })}</p>}
    </div>
  );
}

function Scalar(props: FieldProps & { type: string }) {
  const { schema, value, onChange, label } = props;
  const example = exampleOf(schema);
  const placeholder = example === undefined ? '' : String(example);
  if (schema.enum || props.type === 'boolean') {
    const options = schema.enum ?? [true, false];
    return (
      <select
        aria-label={label}
        value={value === undefined ? '' : JSON.stringify(value)}
        onChange={(e) => {
          const text = (e.target as HTMLSelectElement).value;
          onChange(text === '' ? undefined : JSON.parse(text));
        }}
      >
        <option value="">{props.t('unset')}</option>
        {options.map((option) => (
          <option value={JSON.stringify(option)}>{typeof option === 'string' ? option : JSON.stringify(option)}</option>
        ))}
      </select>
    );
  }
  if (props.type === 'number' || props.type === 'integer') {
    return (
      <input
        type="number"
        aria-label={label}
        step={props.type === 'integer' ? 1 : 'any'}
        placeholder={placeholder}
        value={value === undefined ? '' : String(value)}
        onInput={(e) => {
          const text = (e.target as HTMLInputElement).value;
          onChange(text === '' ? undefined : Number(text));
        }}
      />
    );
  }
  const long = (schema.maxLength ?? 0) > 1000;
  const Tag = long ? 'textarea' : 'input';
  return (
    <Tag
      aria-label={label}
      rows={long ? 2 : undefined}
      placeholder={placeholder}
      value={value === undefined ? '' : String(value)}
      onInput={(e) => {
        const text = (e.target as HTMLInputElement).value;
        onChange(text === '' ? undefined : text);
      }}
    />
  );
}

function ObjectFields(props: FieldProps) {
  const { schema, path } = props;
  const value = (props.value ?? {}) as Record<string, unknown>;
  return (
    <div class="nested">
      {Object.entries(schema.properties ?? {}).map(([name, child]) => (
        <Field
          {...props}
          path={path ? `${path}.${name}` : name}
          label={name}
          schema={child}
          required={schema.required?.includes(name) ?? false}
          value={value[name]}
          note={undefined}
          onChange={(v) => {
            const next = { ...value, [name]: v };
            if (v === undefined) delete next[name];
            props.onChange(Object.keys(next).length ? next : undefined);
          }}
        />
      ))}
    </div>
  );
}

function ArrayItems(props: FieldProps) {
  const items = Array.isArray(props.value) ? props.value : [];
  const itemSchema = props.schema.items ?? {};
  const set = (next: unknown[]) => props.onChange(next.length ? next : undefined);
  return (
    <div class="nested">
      {items.map((item, i) => (
        <div class="item">
          <Field
            {...props}
            path={`${props.path}[${i}]`}
            label={`${props.label}[${i}]`}
            schema={itemSchema}
            required={true}
            value={item}
            note={undefined}
            onChange={(v) => set(items.map((old, j) => (j === i ? v : old)))}
          />
          <button type="button" class="link" onClick={() => set(items.filter((_, j) => j !== i))}>
            {props.t('remove')}
          </button>
        </div>
      ))}
      <button type="button" class="link" onClick={() => set([...items, typeOf(itemSchema) === 'object' ? {} : undefined])}>
        + {props.t('add')}
      </button>
    </div>
  );
}

/** One field: its label, its input (or nested fields), its description and bounds. */
export function Field(props: FieldProps) {
  const { schema, t } = props;
  const type = typeOf(schema);
  const rules = bounds(schema, t);
  let input;
  if (type === 'object' && schema.properties) input = <ObjectFields {...props} />;
  else if (type === 'array' && schema.items && !schema.items.$ref) input = <ArrayItems {...props} />;
  else if (type && !['object', 'array'].includes(type) && !schema.oneOf && !schema.anyOf) input = <Scalar {...props} type={type} />;
  else input = <JsonText value={props.value} onChange={props.onChange} label={props.label} t={t} />;
  const invalid = props.invalid.includes(props.path);
  return (
    <div class={`field${invalid ? ' invalid' : ''}`} data-field={props.path}>
      <label>
        <code>{props.label}</code>
        {type && <span class="type">{type}</span>}
        {props.required && <span class="required">{t('requiredMark')}</span>}
      </label>
      {input}
      <div class="help">
        {schema.description && <Prose text={schema.description} inline />}
        {rules.length > 0 && <span class="bounds">{rules.join(' · ')}</span>}
        {props.note && <span class="note">{props.note}</span>}
      </div>
    </div>
  );
}
