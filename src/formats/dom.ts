import { DomHandler, ElementType, type Options, Parser, type parseDocument as parseDom } from "htmlparser2";
import { AppError } from "../core/errors";

/** htmlparser2's DOM types, named through its own exports rather than its dependencies'. */
export type DomDocument = ReturnType<typeof parseDom>;
export type DomNode = DomDocument["children"][number];
export type DomElement = Extract<DomNode, { attribs: unknown }>;

export type DomText = Extract<DomNode, { type: ElementType.ElementType.Text }>;
export type DomCdata = Extract<DomNode, { type: ElementType.ElementType.CDATA }>;

export const isElement = (node: DomNode): node is DomElement => ElementType.isTag(node);
export const isText = (node: DomNode): node is DomText => node.type === ElementType.Text;
export const isCdata = (node: DomNode): node is DomCdata => node.type === ElementType.CDATA;

/**
 * Deeper than any real document. The parser's cost grows with the square of the nesting depth, so a file of nothing
 * but opening tags would otherwise keep it busy for minutes.
 */
export const MAX_NESTING_DEPTH = 5000;

/** A template element and text node, whose prototypes the fast nodes below share. */
const SAMPLE = (() => {
  const handler = new DomHandler();
  handler.onopentag("a", {});
  handler.ontext("a");
  const element = handler.root.children[0] as DomElement;
  return { element, text: element.children[0] as DomText };
})();

type Fields = Record<string, unknown>;

/**
 * domhandler's nodes declare their properties as class fields, which this engine defines one by one, slowly: most
 * of a DOM build went there. These constructors give the same own properties, in the same order, with the same
 * prototypes, so the nodes are indistinguishable from domhandler's own (`instanceof`, getters, DomUtils).
 */
const FastElement = function (this: Fields, name: string, attribs: Record<string, string>, type: string) {
  this.parent = null;
  this.prev = null;
  this.next = null;
  this.startIndex = null;
  this.endIndex = null;
  this.children = [];
  this.name = name;
  this.attribs = attribs;
  this.type = type;
  this.namespace = undefined;
  this["x-attribsNamespace"] = undefined;
  this["x-attribsPrefix"] = undefined;
} as unknown as new (
  name: string,
  attribs: Record<string, string>,
  type: string,
) => DomElement;
FastElement.prototype = Object.getPrototypeOf(SAMPLE.element);

const FastText = function (this: Fields, data: string) {
  this.parent = null;
  this.prev = null;
  this.next = null;
  this.startIndex = null;
  this.endIndex = null;
  this.data = data;
  this.type = ElementType.Text;
} as unknown as new (
  data: string,
) => DomText;
FastText.prototype = Object.getPrototypeOf(SAMPLE.text);

/** domhandler's handler with fast elements and text nodes and a bound on nesting. */
class BoundedDomHandler extends DomHandler {
  private depth = 0;
  private readonly xml: boolean;

  constructor(options: Options) {
    super(null, options);
    this.xml = options.xmlMode === true;
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    this.depth++;
    if (this.depth > MAX_NESTING_DEPTH) {
      throw new AppError("unprocessable", `the markup is nested more than ${MAX_NESTING_DEPTH} elements deep`);
    }
    const type = this.xml
      ? ElementType.Tag
      : name === "script"
        ? ElementType.Script
        : name === "style"
          ? ElementType.Style
          : ElementType.Tag;
    const element = new FastElement(name, attribs, type);
    this.addNode(element);
    this.tagStack.push(element);
  }

  override ontext(data: string): void {
    const last = this.lastNode;
    if (last && last.type === ElementType.Text) {
      last.data += data;
      return;
    }
    const node = new FastText(data);
    this.addNode(node);
    this.lastNode = node;
  }

  override onclosetag(): void {
    this.depth--;
    super.onclosetag();
  }
}

function parseBounded(source: string, options: Options): DomDocument {
  const handler = new BoundedDomHandler(options);
  new Parser(handler, options).end(source);
  return handler.root;
}

const HTML_OPTIONS: Options = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true };

export function parseHtmlDom(source: string): DomDocument {
  return parseBounded(source, HTML_OPTIONS);
}

/**
 * The text of the first element of an HTML page with the name (lower case), as `DomUtils.textContent` reads it from
 * `parseHtmlDom`'s tree, or null when there is none; read while parsing, without building the tree. Throws
 * `AppError("unprocessable")` for nesting deeper than `MAX_NESTING_DEPTH`, as `parseHtmlDom` does.
 */
export function htmlElementText(source: string, name: string): string | null {
  let depth = 0;
  // The depth at which the element opened while it is open; then found.
  let open = -1;
  let found = false;
  let text = "";
  const parser = new Parser(
    {
      onopentag(tag) {
        depth++;
        if (depth > MAX_NESTING_DEPTH) {
          throw new AppError("unprocessable", `the markup is nested more than ${MAX_NESTING_DEPTH} elements deep`);
        }
        if (!found && tag === name) {
          open = depth;
          found = true;
        }
      },
      onclosetag() {
        if (open === depth) open = -1;
        depth--;
      },
      ontext(data) {
        if (open >= 0) text += data;
      },
    },
    HTML_OPTIONS,
  );
  parser.end(source);
  return found ? text : null;
}

/** Lenient: a document that is not well-formed still yields the elements and text it has. */
export function parseXmlDom(source: string): DomDocument {
  return parseBounded(source, { xmlMode: true, decodeEntities: true, recognizeCDATA: true });
}

/** An element's name without namespace prefix, lower-cased. */
export function localName(element: DomElement): string {
  const name = element.name;
  let local = LOCAL_NAMES.get(name);
  if (local === undefined) {
    const colon = name.lastIndexOf(":");
    local = (colon >= 0 ? name.slice(colon + 1) : name).toLowerCase();
    // A document of made-up names must not grow the cache without end.
    if (LOCAL_NAMES.size >= MAX_CACHED_NAMES) LOCAL_NAMES.clear();
    LOCAL_NAMES.set(name, local);
  }
  return local;
}

/** Walkers ask for the local name of every element, often more than once; documents use few distinct names. */
const LOCAL_NAMES = new Map<string, string>();
const MAX_CACHED_NAMES = 4096;

export interface Visitor<S> {
  /** Called on entering a node; returning null skips its children (and `exit`). */
  enter(node: DomNode, parent: S): S | null;
  exit?(node: DomNode, state: S): void;
}

/** Depth-first walk without recursion, so deeply nested input cannot exhaust the stack. */
export function traverse<S>(nodes: readonly DomNode[], root: S, visitor: Visitor<S>): void {
  const stack: { nodes: readonly DomNode[]; index: number; node: DomNode | null; state: S }[] = [
    { nodes, index: 0, node: null, state: root },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (!frame) break;
    const node = frame.nodes[frame.index++];
    if (node === undefined) {
      stack.pop();
      if (frame.node) visitor.exit?.(frame.node, frame.state);
      continue;
    }
    const state = visitor.enter(node, frame.state);
    if (state === null) continue;
    const children = "children" in node ? (node.children as readonly DomNode[]) : [];
    stack.push({ nodes: children, index: 0, node, state });
  }
}

/** The first element, in document order, that matches; found without recursion. */
export function findFirst(nodes: readonly DomNode[], test: (element: DomElement) => boolean): DomElement | null {
  let found: DomElement | null = null;
  traverse<true>(nodes, true, {
    enter(node) {
      if (found || !isElement(node)) return null;
      if (test(node)) found = node;
      return found ? null : true;
    },
  });
  return found;
}

/** All text under the nodes, whitespace collapsed. */
export function textOf(nodes: readonly DomNode[]): string {
  return textContentOf(nodes).replace(/\s+/g, " ").trim();
}

/**
 * `DomUtils.textContent` without recursion or intermediate arrays: the text of the text nodes under the nodes, in
 * document order, descending into every node with children (elements, CDATA, documents).
 */
export function textContentOf(nodes: readonly DomNode[]): string {
  let out = "";
  const lists: (readonly DomNode[])[] = [nodes];
  const indexes: number[] = [0];
  while (lists.length > 0) {
    const top = lists.length - 1;
    const list = lists[top] as readonly DomNode[];
    const i = indexes[top] as number;
    if (i >= list.length) {
      lists.pop();
      indexes.pop();
      continue;
    }
    indexes[top] = i + 1;
    const node = list[i] as DomNode;
    if (node.type === ElementType.Text) out += (node as DomText).data;
    else if ("children" in node) {
      lists.push(node.children as DomNode[]);
      indexes.push(0);
    }
  }
  return out;
}
