/**
 * The structure found in a document, whatever its format: tables, lists, and headed entries
 * (one heading per vendor followed by its paragraph). Cells and items hold cleaned text.
 */
/** Every block knows the headings it sits under, outermost first (`section` is the last). */
interface Placed {
  section: string | null;
  context: string[];
}

export interface TableBlock extends Placed {
  type: 'table';
  /** All rows as found, header candidates included; cells cleaned. */
  rows: string[][];
  /** The format marked a header row (markdown separator line, HTML <thead>/<th>). */
  markedHeader: boolean;
}

export interface ListBlock extends Placed {
  type: 'list';
  /** Items as cleaned text; `lead` is text marked as the name (bold, strong, a leading link). */
  items: Array<{ lead: string | null; text: string }>;
  /** The paragraph just above the list ("These are located in the United States:"). */
  intro?: string | null;
}

export interface EntryBlock extends Placed {
  type: 'entries';
  /** One vendor per heading, with the paragraphs below it and the short list of links or facts under them. */
  entries: Array<{ name: string; text: string; details?: string[] }>;
}

export type Block = TableBlock | ListBlock | EntryBlock;

/** No real list has more columns; wider rows are cut so junk input costs linear time. */
export const MAX_COLUMNS = 64;
