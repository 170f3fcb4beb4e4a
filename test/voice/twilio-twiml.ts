/**
 * Reads a TwiML document into a tree for assertions: a strict reader of the XML subset TwiML uses
 * (declaration, elements, double-quoted attributes, text with the five predefined entities); it
 * throws on anything else, so malformed output fails the test.
 * @module
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(text: string): string {
  return text.replace(/&(\w+);/g, (whole, name: string) => {
    const value = ENTITIES[name];
    if (value === undefined) throw new Error(`unknown entity ${whole}`);
    return value;
  });
}

export function parseTwiml(xml: string): XmlElement {
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>/.exec(xml);
  if (!declaration) throw new Error(`no XML declaration: ${xml.slice(0, 60)}`);
  let at = declaration[0].length;
  const element = (): XmlElement => {
    const open = /^<([A-Za-z]+)((?:\s+[A-Za-z]+="[^"<]*")*)\s*(\/?)>/.exec(xml.slice(at));
    if (!open) throw new Error(`expected an element at ${at}: ${xml.slice(at, at + 40)}`);
    at += open[0].length;
    const attributes = Object.fromEntries([...open[2]!.matchAll(/([A-Za-z]+)="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]));
    const children: XmlElement[] = [];
    let text = '';
    if (open[3] !== '/') {
      for (;;) {
        const close = `</${open[1]}>`;
        if (xml.startsWith(close, at)) {
          at += close.length;
          break;
        }
        if (xml.startsWith('<', at)) children.push(element());
        else {
          const end = xml.indexOf('<', at);
          if (end < 0) throw new Error(`unclosed <${open[1]}>`);
          text += unescape(xml.slice(at, end));
          at = end;
        }
      }
    }
    return { name: open[1]!, attributes, children, text };
  };
  const root = element();
  if (at !== xml.length) throw new Error(`trailing content: ${xml.slice(at, at + 40)}`);
  return root;
}
