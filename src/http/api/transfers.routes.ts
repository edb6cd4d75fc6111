import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { assessTransfer, parseFlow } from '../../modules/transfers/assess-transfer.ts';
import { TRANSFER_MECHANISMS } from '../../modules/vocab/vocab.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { data, doc, ERRORS, SlugParams } from './schemas.ts';

// Fields are checked by the use-case after the workspace, so a missing one is named there (400).
const AssessQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'Exporter country, ISO 3166-1 alpha-2', examples: ['FR'] })),
  to: Type.Optional(Type.String({ description: 'Destination country, ISO 3166-1 alpha-2', examples: ['US'] })),
  date: Type.Optional(Type.String({ description: 'Date of the transfer, YYYY-MM-DD', examples: ['2019-06-01'] })),
  mechanism: Type.Optional(Type.String({ description: `One of ${TRANSFER_MECHANISMS.join(', ')}` })),
  dpfCertified: Type.Optional(Type.String({ description: 'true when the importer is certified under the EU-US Data Privacy Framework' })),
});

const Assessment = Type.Object({
  status: Type.Union([Type.Literal('intra_eea'), Type.Literal('adequate'), Type.Literal('safeguarded'), Type.Literal('derogation'), Type.Literal('no_valid_basis')]),
  reasons: Type.Array(Type.String()),
  rules: Type.Array(Type.String({ description: 'Rule ids of the versioned transfer rules' })),
  warnings: Type.Array(Type.String()),
});

/** The transfer engine (CU5) over HTTP: the same answer as `trustroom transfers assess --json`. */
export function registerTransferRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/w/:slug/transfers/assess', {
    schema: { ...doc('Transfers', 'Assess a transfer on a date', 'viewer'), params: SlugParams, querystring: AssessQuery, response: { 200: data(Assessment), ...ERRORS } },
  }, async (req) => {
    await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: assessTransfer(parseFlow(req.query)) };
  });
}
