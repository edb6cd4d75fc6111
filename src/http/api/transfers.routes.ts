import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { assessTransfer, parseFlow, type TransferAssessment } from '../../modules/transfers/assess-transfer.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { data, doc, ERRORS, SlugParams } from './schemas.ts';
import { Assessment, AssessQuery } from './transfers.schemas.ts';

const presentAssessment = (a: TransferAssessment): TransferAssessment => ({
  status: a.status, customerFact: a.customerFact, regime: a.regime, law: a.law, mechanism: a.mechanism, reasons: a.reasons, rules: a.rules, warnings: a.warnings,
});

/**
 * The transfer engine (CU5) over HTTP: one flow, the same answer as `trustroom transfers assess
 * --json`.
 */
export function registerTransferRoutes(app: FastifyInstance, o: AppOptions) {
  const { deps } = o;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/w/:slug/transfers/assess', {
    schema: { ...doc('Transfers', 'Assess a transfer on a date', 'viewer', 'Under the exporter\'s regime as the rules stood on the date: EU/EEA (Directive 95/46/EC, then the GDPR), UK or Swiss.'), params: SlugParams, querystring: AssessQuery, response: { 200: data(Assessment), ...ERRORS } },
  }, async (req) => {
    await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: presentAssessment(assessTransfer(parseFlow(req.query))) };
  });
}
