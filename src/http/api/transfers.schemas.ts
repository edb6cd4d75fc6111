/** Request and response schemas of the transfer engine (CU5) and transfer records (issue 10 §4). */
import { Type } from 'typebox';
import { FLOW_MECHANISMS, REGIMES } from '../../modules/transfers/assess-transfer.ts';
import { SCC_MODULE_LABELS, SCC_MODULES, TIA_OUTCOMES } from '../../modules/transfers/transfer-records.ts';
import { Body, Choice, OneOf, Strings, Text } from './schemas.ts';

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

const RecordFields = {
  sccModule: Type.Optional(Choice(SCC_MODULES, `The clauses signed: ${SCC_MODULES.map((m) => `${m} (${SCC_MODULE_LABELS[m]})`).join('; ')}.`)),
  dpfCertificateUrl: Type.Optional(Text("http(s) address of the importer's Data Privacy Framework listing.")),
  dpfCheckedOn: Type.Optional(Text(`${DATE} the certificate was last checked, not in the future; needs dpfCertificateUrl.`)),
  tiaDocument: Type.Optional(Text('The transfer impact assessment: its address or document name (at most 500 characters).')),
  tiaDate: Type.Optional(Text(`${DATE} of the transfer impact assessment, not in the future.`)),
  tiaOutcome: Type.Optional(Choice(TIA_OUTCOMES, 'Outcome of the assessment; needs tiaDate.')),
  note: Type.Optional(Text('Free text (at most 2000 characters).')),
};

export const RecordBody = Body(RecordFields, 'A transfer record: PUT replaces every field (engagement and country stay).');

export const NewRecordBody = Body({
  engagementId: Type.Optional(Type.String({ description: 'An engagement of the workspace. Required.' })),
  country: Type.Optional(Type.String({ description: "One of the engagement's countries, ISO 3166-1 alpha-2. Required." })),
  ...RecordFields,
}, 'A transfer record for one engagement and one of its countries (one record each).');

export const TransferRecord = Type.Object({
  id: Type.String(), engagementId: Type.String(), country: Type.String(),
  sccModule: Type.Union([OneOf(SCC_MODULES), Type.Null()]), dpfCertificateUrl: Text(), dpfCheckedOn: Text(DATE),
  tiaDocument: Text(), tiaDate: Text(DATE), tiaOutcome: Type.Union([OneOf(TIA_OUTCOMES), Type.Null()]), note: Text(),
  createdAt: Type.String(), updatedAt: Type.String(),
});

export const RecordQuery = Type.Object({ engagementId: Type.Optional(Type.String({ description: 'Only the records of this engagement.' })) });

export const OperatorFinding = Type.Object({
  code: OneOf(['tia_missing', 'tia_not_acceptable', 'dpf_certificate_missing', 'dpf_certificate_stale', 'uk_instrument_missing', 'swiss_adaptations_missing'] as const),
  message: Type.String(),
});

export const TransferCheck = Type.Object({
  engagementId: Type.String(), entityName: Type.String(), purpose: Type.String(), country: Type.String(),
  transferMechanisms: Strings("The engagement's mechanisms, as the registry states them."),
  assessment: Assessment,
  record: Type.Union([TransferRecord, Type.Null()]),
  operatorFindings: Type.Array(OperatorFinding, { description: 'To-dos for operators (a TIA or a DPF certificate not on file); never shown to customers.' }),
});
