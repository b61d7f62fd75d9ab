import { DomHandler, DomUtils, ElementType, type Options, Parser, type parseDocument as parseDom } from "htmlparser2";
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

class BoundedDomHandler extends DomHandler {
  private depth = 0;

  override onopentag(name: string, attribs: Record<string, string>): void {
    this.depth++;
    if (this.depth > MAX_NESTING_DEPTH) {
      throw new AppError("unprocessable", `the markup is nested more than ${MAX_NESTING_DEPTH} elements deep`);
    }
    super.onopentag(name, attribs);
  }

  override onclosetag(): void {
    this.depth--;
    super.onclosetag();
  }
}

function parseBounded(source: string, options: Options): DomDocument {
  const handler = new BoundedDomHandler(null, options);
  new Parser(handler, options).end(source);
  return handler.root;
}

export function parseHtmlDom(source: string): DomDocument {
  return parseBounded(source, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

/** Lenient: a document that is not well-formed still yields the elements and text it has. */
export function parseXmlDom(source: string): DomDocument {
  return parseBounded(source, { xmlMode: true, decodeEntities: true, recognizeCDATA: true });
}

/** An element's name without namespace prefix, lower-cased. */
export function localName(element: DomElement): string {
  const name = element.name;
  const colon = name.lastIndexOf(":");
  return (colon >= 0 ? name.slice(colon + 1) : name).toLowerCase();
}

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
  return DomUtils.textContent(nodes as DomNode[])
    .replace(/\s+/g, " ")
    .trim();
}
