/**
 * A generated document (a DPA for one customer, a record of processing) as plain structured
 * blocks, so one model renders to HTML and to PDF and both say the same thing. Types only.
 */

/** A run of inline text. */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** An absolute http(s) or mailto link. */
  href?: string;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; id?: string }
  | { kind: 'paragraph'; spans: Span[] }
  | { kind: 'list'; ordered: boolean; items: Span[][] }
  /** A table: every row has as many cells as there are columns. */
  | { kind: 'table'; caption: string; columns: string[]; rows: string[][] }
  /** Label → value pairs (a party's particulars, a description's fields). */
  | { kind: 'fields'; rows: Array<[string, string]> }
  | { kind: 'page_break' };

export interface DocumentModel {
  title: string;
  /** Shown under the title: "Version 3, for Example Startup SAS". */
  subtitle: string | null;
  /** BCP 47 language of the text. */
  language: string;
  blocks: Block[];
  /** Printed in the footer of every PDF page (e.g. the document's SHA-256); not part of the document's text. */
  footer: string | null;
  /** Who issues the document (the PDF's Author): a DPA's processor. */
  author?: string | null;
  /** What the document is about (the PDF's Subject): "Data processing agreement between … and …". */
  subject?: string | null;
  /**
   * ISO date-time the document is dated (a DPA: its version's publication). The PDF's creation
   * date when none is passed to the renderer, so the same document gives the same bytes.
   */
  issuedAt?: string | null;
}
