/**
 * The editions the docs are built in. Each has an entry of the same id under `apis` in
 * redocly.yaml; `lang` is the page's HTML language.
 *
 * @type {ReadonlyArray<{ id: 'en' | 'zh', label: string, lang: string }>}
 */
export const editions = [
  { id: 'en', label: 'English', lang: 'en' },
  { id: 'zh', label: '简体中文', lang: 'zh-CN' },
];

/** @param {string} id */
export function edition(id) {
  const found = editions.find((e) => e.id === id);
  if (!found) throw new Error(`Unknown docs edition '${id}': expected one of ${editions.map((e) => e.id).join(', ')}`);
  return found;
}
