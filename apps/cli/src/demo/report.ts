/**
 * The demo's self-contained HTML report: plain HTML with inline CSS, inline SVG plots and inline
 * (data: URL) PNGs, so it opens offline from a file without scripts, fonts or network access.
 */

/** One section of the report: a heading, a lead paragraph, a table, figures and the command that reproduces it. */
export interface ReportSection {
  id: string;
  title: string;
  lead: string;
  /** Rows of a key/value or multi-column table (first row = header). */
  table?: string[][];
  /** Inline SVG documents (as `renderSvg` returns them). */
  svgs?: string[];
  /** PNG images: caption and bytes. */
  pngs?: { caption: string; bytes: Uint8Array }[];
  /** Shell lines that reproduce this part with its own command. */
  commands?: string[];
  /** A part that could not run: why, and what to do. */
  skipped?: string;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An SVG document as an inline element (the XML prolog, if any, dropped). */
function inlineSvg(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '');
}

function table(rows: string[][]): string {
  const [head, ...body] = rows;
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${body
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The whole report as one HTML document. */
export function reportHtml(o: { title: string; subtitle: string; sections: ReportSection[]; footer: string }): string {
  const css = `body{font-family:Helvetica,Arial,"Liberation Sans",sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.9em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.sub{color:#555}table{border-collapse:collapse;margin:1em 0;font-size:.95em}th,td{border:1px solid #ccc;padding:.3em .7em;text-align:left}
th{background:#f3f3f3}td:not(:first-child){font-variant-numeric:tabular-nums}figure{margin:1em 0}svg{max-width:100%;height:auto}
pre{background:#f6f6f6;padding:.6em .8em;overflow-x:auto;font-size:.9em}.skip{background:#fff4e0;border-left:4px solid #f0a020;padding:.5em .8em}
nav a{margin-right:1em}img{image-rendering:pixelated;border:1px solid #ccc;width:100%;height:auto}.row{display:flex;gap:1em;flex-wrap:wrap}.row figure{flex:1 1 30%;min-width:240px}figcaption{color:#555;font-size:.9em}`;
  const nav = o.sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('');
  const body = o.sections
    .map((s) => {
      const parts = [`<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2><p>${escapeHtml(s.lead)}</p>`];
      if (s.skipped) parts.push(`<p class="skip">${escapeHtml(s.skipped)}</p>`);
      if (s.table) parts.push(table(s.table));
      for (const svg of s.svgs ?? []) parts.push(`<figure>${inlineSvg(svg)}</figure>`);
      if (s.pngs?.length) parts.push('<div class="row">');
      for (const p of s.pngs ?? [])
        parts.push(
          `<figure><img alt="${escapeHtml(p.caption)}" src="data:image/png;base64,${Buffer.from(p.bytes).toString('base64')}"><figcaption>${escapeHtml(p.caption)}</figcaption></figure>`,
        );
      if (s.pngs?.length) parts.push('</div>');
      if (s.commands?.length) parts.push(`<p>Reproduce with its own command:</p><pre>${s.commands.map(escapeHtml).join('\n')}</pre>`);
      parts.push('</section>');
      return parts.join('\n');
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(o.title)}</title><style>${css}</style></head>
<body><h1>${escapeHtml(o.title)}</h1><p class="sub">${escapeHtml(o.subtitle)}</p><nav>${nav}</nav>
${body}
<footer><p class="sub">${escapeHtml(o.footer)}</p></footer></body></html>
`;
}
