/** Request and response schemas of the transfer engine (CU5). */
import { Type } from 'typebox';
import { FLOW_MECHANISMS, REGIMES } from '../../modules/transfers/assess-transfer.ts';
import { OneOf, Strings } from './schemas.ts';

const DATE = 'YYYY-MM-DD';
export const STATUSES = ['intra_eea', 'domestic', 'adequate', 'safeguarded', 'derogation', 'no_valid_basis'] as const;

// Fields are checked by the use-case after the workspace, so a missing one is named there (400).
export const AssessQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'Exporter country, ISO 3166-1 alpha-2. CH and GB exporters are assessed under Swiss and UK rules; any other outside the EEA needs regime=eu.', examples: ['FR'] })),
  to: Type.Optional(Type.String({ description: 'Destination: ISO 3166-1 alpha-2 country, or an international organisation (IO-EPO, the European Patent Organisation)', examples: ['US'] })),
  date: Type.Optional(Type.String({ description: `Date of the transfer, ${DATE}`, examples: ['2019-06-01'] })),
  mechanism: Type.Optional(Type.String({ description: `One of ${FLOW_MECHANISMS.join(', ')}` })),
  dpfCertified: Type.Optional(Type.String({ description: 'true when the importer is certified under the Data Privacy Framework that applies to the exporter (EU-US, UK Extension, Swiss-US)' })),
  regime: Type.Optional(Type.String({ description: `The exporter's regime: ${REGIMES.join(', ')}. Absent: the exporter's own. eu for an exporter outside the EEA that the GDPR covers (Art 3(2)).` })),
});

export const Assessment = Type.Object({
  status: OneOf(STATUSES, 'intra_eea: no transfer under EU rules (the EEA, EU territory, the UK until 27 June 2021); domestic: a Swiss or UK exporter\'s own country.'),
  customerFact: Type.String({ description: 'A neutral sentence a customer may read, e.g. "Inside the EEA" or "Transfer mechanism: none recorded". Never a judgement: reasons and warnings are for operators.' }),
  regime: OneOf(REGIMES, 'The regime the flow was assessed under.'),
  law: Type.String({ description: 'The law of that regime on the date, e.g. Directive 95/46/EC.' }),
  mechanism: Type.Union([OneOf(FLOW_MECHANISMS), Type.Null()], { description: 'The mechanism the status rests on; null when the destination alone decides.' }),
  reasons: Strings(),
  rules: Strings('Rule ids of the versioned transfer rules'),
  warnings: Strings(),
});
