/**
 * TwiML documents (`<Response>…</Response>`) as the Twilio helper library prints them: an XML
 * declaration, no whitespace between elements, attributes in the order given, `undefined` ones left out.
 * @module
 */

export interface TwimlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Child elements, or the element's text. */
  readonly children?: readonly TwimlElement[] | string;
}

export function twimlResponse(verbs: readonly TwimlElement[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${render({ name: 'Response', children: verbs })}`;
}

function render(element: TwimlElement): string {
  const attributes = Object.entries(element.attributes ?? {})
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
  const { children } = element;
  if (children === undefined || children.length === 0) return `<${element.name}${attributes} />`;
  const body = typeof children === 'string' ? escapeXml(children) : children.map(render).join('');
  return `<${element.name}${attributes}>${body}</${element.name}>`;
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
