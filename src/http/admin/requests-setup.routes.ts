import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listCustomers } from '../../modules/customers/customers.queries.ts';
import { listLegalHolds, placeLegalHold, releaseLegalHold } from '../../modules/requests/exemptions/legal-holds.ts';
import { addRetentionRule, adoptRetentionDefaults, listRetentionRules, setRetentionRuleActive } from '../../modules/requests/exemptions/manage-retention-rules.ts';
import { addSystem, listSystems, removeSystem } from '../../modules/requests/systems/manage-systems.ts';
import type { AppOptions } from '../app.ts';
import { type Console, formFailure, formValues, openConsole, param, query, sendPage } from './console.ts';
import { requestsSetupBody, type SetupPage } from './requests-setup.view.ts';

/** The systems requests are fulfilled in, retention exceptions and legal holds (viewer reads, editor changes). */
export function registerRequestSetupRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const base = '/admin/w/:slug/requests/setup';

  async function show(req: FastifyRequest, reply: FastifyReply, c: Console, failed?: SetupPage['failed'], status?: number) {
    const [systems, rules, holds, customers] = await Promise.all([
      listSystems(deps, c.scope), listRetentionRules(deps, c.scope), listLegalHolds(deps, c.scope), listCustomers(deps.db, c.workspace.id),
    ]);
    const body = requestsSetupBody(c, { systems, rules, holds, customers: customers.map((x) => [x.id, x.name]), failed, q: query(req) });
    return sendPage(reply, c, { title: 'Request fulfilment', section: 'requests', body, status });
  }

  app.get(base, async (req, reply) => show(req, reply, await openConsole(deps, req, 'viewer')));

  /** A form post: the use-case, then back to the page (303), or the page with the form's errors. */
  const formRoute = (path: string, form: NonNullable<SetupPage['failed']>['form'] | null, run: (c: Console, req: FastifyRequest) => Promise<unknown>, done: string, anchor: string) =>
    app.post(`${base}/${path}`, async (req, reply) => {
      const c = await openConsole(deps, req, 'editor');
      const values = formValues(req);
      try {
        await run(c, req);
        return reply.redirect(`${c.base}/requests/setup?done=${done}#${anchor}`, 303);
      } catch (e) {
        if (!form) throw e;
        const { status, errors } = formFailure(e, values);
        // A connection refused for carrying a password is not shown again.
        const shown = errors.connection ? { ...values, connection: '' } : values;
        return show(req, reply, c, { form, errors, values: shown }, status);
      }
    });

  formRoute('systems', 'system', (c, req) => addSystem(deps, c.scope, { ...formValues(req), customerId: formValues(req).customerId || undefined }), 'system-added', 'systems');
  formRoute('systems/:id/remove', null, (c, req) => removeSystem(deps, c.scope, param(req, 'id')), 'system-removed', 'systems');
  formRoute('rules', 'rule', (c, req) => addRetentionRule(deps, c.scope, formValues(req)), 'exception-added', 'exceptions');
  formRoute('rules/adopt-defaults', null, (c) => adoptRetentionDefaults(deps, c.scope), 'usual-exceptions-added', 'exceptions');
  formRoute('rules/:id/activate', null, (c, req) => setRetentionRuleActive(deps, c.scope, param(req, 'id'), true), 'exception-activated', 'exceptions');
  formRoute('rules/:id/deactivate', null, (c, req) => setRetentionRuleActive(deps, c.scope, param(req, 'id'), false), 'exception-deactivated', 'exceptions');
  formRoute('holds', 'hold', (c, req) => placeLegalHold(deps, c.scope, formValues(req)), 'hold-placed', 'holds');
  formRoute('holds/:id/release', null, (c, req) => releaseLegalHold(deps, c.scope, param(req, 'id')), 'hold-released', 'holds');
}
