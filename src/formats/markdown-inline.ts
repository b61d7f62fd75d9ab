/** Markdown inline syntax to plain words: what a reader sees once the Markdown is rendered. */

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  sect: "§",
  para: "¶",
  copy: "©",
  reg: "®",
  trade: "™",
  middot: "·",
  bull: "•",
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]{2,8});/g, (whole, body: string) => {
    if (body.startsWith("#")) {
      const code = body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

// Placeholders keep code spans away from the emphasis and link rules; private-use characters never occur in input
// that reaches this point (they are stripped first).
const OPEN = "\ue000";
const CLOSE = "\ue001";

/** Strips inline Markdown from one line: links and images keep their text, emphasis and code marks go. */
export function stripInline(line: string): string {
  const codes: string[] = [];
  let text = line.replace(/[\ue000\ue001]/g, "");
  text = text.replace(/(`+)(.+?)\1(?!`)/g, (_, _ticks: string, code: string) => {
    codes.push(code.trim());
    return `${OPEN}${codes.length - 1}${CLOSE}`;
  });
  text = text
    .replace(/\\([!-/:-@[-`{-~])/g, (_, ch: string) => `${OPEN}e${ch.charCodeAt(0)}${CLOSE}`)
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/!\[([^\]]*)\]\[[^\]]*\]/g, "$1")
    .replace(/\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))*(?:\s+"[^"]*")?\)/g, "$1")
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1")
    .replace(/<((?:https?|mailto|ftp):[^<>\s]+)>/gi, "$1")
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, "")
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2")
    .replace(/(^|[^\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])/g, "$1$2")
    .replace(/(^|[^\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)/g, "$1$2")
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, "$1");
  text = decodeEntities(text);
  return text.replace(new RegExp(`${OPEN}(e?)(\\d+)${CLOSE}`, "g"), (_, escaped: string, n: string) =>
    escaped ? String.fromCharCode(Number(n)) : (codes[Number(n)] ?? ""),
  );
}
