/**
 * The public list as JSON-LD in W3C DPV terms: the processor (the workspace) and one recipient
 * node per engagement, with purpose, countries, data categories and transfer legal bases.
 * The @context is the inline object from jsonld-context.ts: nothing is fetched to read it.
 */
import type { EngagementContext, EngagementRole, TransferMechanism } from '../vocab/vocab.ts';
import type { WorkspaceView } from '../workspaces/workspaces.ts';
import { PUBLIC_LIST_JSONLD_CONTEXT } from './jsonld-context.ts';
import { type PublicList, type PublicListItem, publicListUrls } from './public-list.ts';

/**
 * Transfer mechanisms with a DPV legal-basis concept (EU GDPR extension, all narrower than
 * dpv:DataTransferLegalBasis). The others have none that fits and stay only as plain strings
 * under tr:transferMechanism:
 * - scc-2010: clauses adopted under Directive 95/46/EC, not GDPR Art 46(2)(c);
 * - privacy-shield, safe-harbour: adequacy decisions under the Directive, since invalidated;
 * - derogation: DPV only has the individual Art 49 points (A49-1-a … A49-2), and which applies is not recorded;
 * - none: no transfer, so no transfer legal basis.
 */
export const TRANSFER_LEGAL_BASES: Partial<Record<TransferMechanism, string>> = {
  adequacy: 'eu-gdpr:A45-3',
  dpf: 'eu-gdpr:A45-3', // the EU-US Data Privacy Framework is an Art 45(3) adequacy decision
  'scc-2021': 'eu-gdpr:A46-2-c',
  bcr: 'eu-gdpr:A46-2-b',
};

const ROLE_TYPES: Record<EngagementRole, string> = { subprocessor: 'dpv:DataSubProcessor', subcontractor: 'dpv:Recipient' };

/**
 * DPV types of a recipient by the capacity it receives data in. A sub-processor is a processor
 * engaged by a processor (dpv:DataSubProcessor). An engagement in the controller context is an
 * independent controller receiving data for its own purposes: DPV's note on dpv:Recipient says a
 * recipient "can be a Third Party, Data Controller, or Data Processor", and its dpv:ThirdParty
 * excludes controllers, so it is typed dpv:DataController and dpv:Recipient (DPV 2.0, entities).
 */
export const RECIPIENT_TYPES = { processor: ROLE_TYPES.subprocessor, controller: ['dpv:DataController', 'dpv:Recipient'] } as const;

export const DATA_CATEGORY_NOTE = 'Values of dpv:hasPersonalData are fideslang data category keys (https://github.com/ethyca/fideslang), not DPV concepts.';

/** Whatever its role says, an engagement in the controller context is never typed as a sub-processor. */
const recipientTypes = (role: EngagementRole, context: EngagementContext): string[] =>
  context === 'controller' ? [...RECIPIENT_TYPES.controller] : [ROLE_TYPES[role]];

function recipient(s: PublicListItem) {
  const legalBases = [...new Set(s.transferMechanisms.map((m) => TRANSFER_LEGAL_BASES[m]).filter((b) => b !== undefined))];
  return {
    '@type': recipientTypes(s.role, s.context),
    'schema:name': s.name,
    ...(s.legalName ? { 'schema:legalName': s.legalName } : {}),
    'dpv:hasPurpose': { '@type': 'dpv:Purpose', 'dct:description': s.purpose },
    'dpv:hasLocation': s.countries.filter((c) => /^[A-Za-z]{2}$/.test(c)).map((c) => ({ '@id': `loc:${c.toUpperCase()}` })),
    'dpv:hasPersonalData': [...s.dataCategories],
    'dpv:hasLegalBasis': legalBases.map((b) => ({ '@id': b })),
    'tr:transferMechanism': [...s.transferMechanisms],
    'tr:kind': s.kind,
    'tr:service': [...s.services],
  };
}

/** The JSON-LD document for the list (one object). */
export function buildJsonLd(list: PublicList, workspace: WorkspaceView, baseUrl: string) {
  const urls = publicListUrls(baseUrl, workspace.slug);
  return {
    '@context': PUBLIC_LIST_JSONLD_CONTEXT,
    '@id': urls.jsonld,
    '@type': ['dpv:Process', 'dpv:PersonalDataProcess'],
    'dct:title': `${workspace.name} — sub-processors`,
    'dct:modified': list.currentAsOf,
    'dct:hasVersion': list.version,
    'schema:url': { '@id': urls.page },
    'tr:dataCategoryNote': DATA_CATEGORY_NOTE,
    'dpv:hasDataProcessor': { '@id': `${urls.jsonld}#processor`, '@type': 'dpv:DataProcessor', 'schema:name': workspace.name },
    'dpv:hasRecipient': list.subprocessors.map(recipient),
  };
}

/**
 * Serialised with "<", ">", "&", U+2028 and U+2029 as \u escapes: still the same JSON, and safe
 * to embed in an HTML <script type="application/ld+json"> element.
 */
export function renderJsonLd(list: PublicList, workspace: WorkspaceView, baseUrl: string): string {
  const json = JSON.stringify(buildJsonLd(list, workspace, baseUrl), null, 2)
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${json}\n`;
}
