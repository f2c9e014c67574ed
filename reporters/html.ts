/**
 * The findings page as HTML, for people who open reports/ in a browser: the same page as findings.md (one source
 * of truth), turned into HTML. Only what markdown.ts writes is understood: headings, paragraphs, `-` lists and
 * pipe tables, with `code`, **bold** and *emphasis* inline.
 */
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function inline(text: string): string {
  // Code spans first, so nothing inside them is read as emphasis.
  return text
    .split(/(`[^`]*`)/)
    .map(part =>
      part.startsWith('`') && part.endsWith('`') && part.length > 1
        ? `<code>${escape(part.slice(1, -1))}</code>`
        : escape(part)
            .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
            .replace(/\*([^*]+)\*/g, '<em>$1</em>'),
    )
    .join('');
}

const cells = (row: string) => row.trim().replace(/^\||\|$/g, '').split('|').map(c => c.trim());

/** Renders the Markdown findings page (see ./markdown) as one self-contained HTML document. */
export function renderHtml(markdown: string): string {
  const lines = markdown.split('\n');
  const body: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i];
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) {
      body.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
      i++;
    } else if (line.startsWith('|')) {
      const block: string[] = [];
      while (i < lines.length && lines[i].startsWith('|')) block.push(lines[i++]);
      const [head, , ...rows] = block;
      body.push(
        '<table>',
        `<thead><tr>${cells(head).map(c => `<th>${inline(c)}</th>`).join('')}</tr></thead>`,
        '<tbody>',
        ...rows.map(r => `<tr>${cells(r).map(c => `<td>${inline(c)}</td>`).join('')}</tr>`),
        '</tbody></table>',
      );
    } else if (line.startsWith('- ')) {
      body.push('<ul>');
      while (i < lines.length && lines[i].startsWith('- ')) body.push(`<li>${inline(lines[i++].slice(2))}</li>`);
      body.push('</ul>');
    } else if (line.trim() === '') {
      i++;
    } else {
      const paragraph: string[] = [];
      while (i < lines.length && lines[i].trim() !== '' && !/^(#|\||- )/.test(lines[i])) paragraph.push(lines[i++]);
      body.push(`<p>${inline(paragraph.join(' '))}</p>`);
    }
  }
  const title = /^# (.*)$/m.exec(markdown)?.[1] ?? 'Findings';
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escape(title)}</title>`,
    '<style>',
    'body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:90em;padding:0 1em;color:#222}',
    'table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}',
    'thead th{background:#f3f3f3;position:sticky;top:0}tbody tr:nth-child(even){background:#fafafa}',
    'code{font-size:90%;background:#f3f3f3;padding:0 .2em}',
    '</style></head><body>',
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}
