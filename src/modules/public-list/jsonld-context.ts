/**
 * The JSON-LD context of the public list, embedded inline in every document so that nothing has
 * to be fetched to interpret it (it can also be served at a URL of its own later).
 *
 * Vocabularies: W3C Data Privacy Vocabulary (DPV 2.x) core `dpv:`, its location concepts `loc:`
 * (ISO 3166 countries, e.g. loc:DE) and its EU GDPR extension `eu-gdpr:` (transfer legal bases
 * such as eu-gdpr:A46-2-c); Dublin Core terms `dct:`; schema.org `schema:`. Anything Trustroom
 * says that DPV has no concept for sits under `tr:`.
 */

/**
 * Namespace of Trustroom's own terms. A URN, not a URL: there is no published vocabulary document
 * to dereference, and the context must not depend on the instance's base URL.
 */
export const TRUSTROOM_VOCAB = 'urn:trustroom:vocab:';

export const PUBLIC_LIST_JSONLD_CONTEXT = {
  dpv: 'https://w3id.org/dpv#',
  loc: 'https://w3id.org/dpv/loc#',
  'eu-gdpr': 'https://w3id.org/dpv/legal/eu/gdpr#',
  dct: 'http://purl.org/dc/terms/',
  schema: 'https://schema.org/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  tr: TRUSTROOM_VOCAB,
  /** "Current as of" is a calendar date. */
  'dct:modified': { '@type': 'xsd:date' },
} as const;
