// The spec's Markdown, the little of it descriptions use: paragraphs, list items, `code`, **bold** and links.
// Rendered as elements, never as HTML, so nothing in a description can run in the page.

import type { ComponentChildren } from 'preact';

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    out.push(text.slice(last, match.index));
    if (match[1] !== undefined) out.push(<code>{match[1]}</code>);
    else if (match[2] !== undefined) out.push(<strong>{match[2]}</strong>);
    // Only web links: a description cannot make a javascript: URL.
    else if (/^https?:\/\//.test(match[4]!)) out.push(<a href={match[4]} target="_blank" rel="noreferrer">{match[3]}</a>);
    else out.push(match[3]);
    last = match.index + match[0].length;
  }
  out.push(text.slice(last));
  return out;
}

export function Prose(props: { text: string; inline?: boolean }) {
  if (props.inline) return <span class="prose">{inline(props.text.replace(/\s*\n\s*/g, ' ').trim())}</span>;
  const blocks = props.text.trim().split(/\n\s*\n/);
  return (
    <div class="prose">
      {blocks.map((block) => {
        const lines = block.split('\n');
        if (lines.every((line) => /^\s*[-*] /.test(line) || /^\s{2,}\S/.test(line))) {
          const items = block.split(/\n(?=\s*[-*] )/).map((item) => item.replace(/^\s*[-*] /, ''));
          return <ul>{items.map((item) => <li>{inline(item.replace(/\s*\n\s*/g, ' '))}</li>)}</ul>;
        }
        return <p>{inline(block.replace(/\s*\n\s*/g, ' '))}</p>;
      })}
    </div>
  );
}
