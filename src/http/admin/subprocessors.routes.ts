import type { FastifyInstance, FastifyReply } from 'fastify';
import { addSubprocessor } from '../../modules/registry/add-subprocessor.ts';
import { parseEngagementInput } from '../../modules/registry/registry.ts';
import { listEntities, listRegions, listServices } from '../../modules/registry/registry.queries.ts';
import { type FieldIssue, invalid, isAppError } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, fieldErrors, formFailure, type FormValues, formValues, one, openConsole, query, sendPage } from './console.ts';
import { entityChoiceOf, subprocessorFormBody } from './subprocessors.view.ts';

const ENTITY_FIELDS = ['name', 'legalName', 'country', 'address', 'website', 'contactEmail', 'dpoContact', 'parentEntityId', 'notes'];

/** The form's fields are named as on the entity and engagement forms, so `entity.name` is shown at `name`. */
const unprefixed = (field: string) => field.replace(/^(entity|engagement)\./, '');

/** Bad engagement fields, so a missing entity choice is reported together with them. */
function engagementIssues(values: FormValues): FieldIssue[] {
  try {
    parseEngagementInput({ ...values, entityId: 'pending' });
    return [];
  } catch (e) {
    if (!isAppError(e) || e.code !== 'validation_error') throw e;
    return (e.data as { fields: FieldIssue[] }).fields;
  }
}

/** "Add a sub-processor": a new or existing entity and its engagement in one form (editor). */
export function registerSubprocessorRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const formPage = async (reply: FastifyReply, c: Console, o: { values: FormValues; errors?: FormErrors; status?: number }) => {
    const [entities, services, regions] = await Promise.all([listEntities(deps.db, c.workspace.id), listServices(deps.db, c.workspace.id), listRegions(deps.db, c.workspace.id)]);
    const body = subprocessorFormBody(c, { values: o.values, errors: o.errors ?? {}, entities, services, regions });
    return sendPage(reply, c, { title: 'Add a sub-processor', section: 'engagements', body, status: o.status });
  };

  app.get('/admin/w/:slug/subprocessors/new', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    // `?entity=<id>` preselects an existing entity.
    const entityId = query(req).entity ?? '';
    return formPage(reply, c, { values: entityId ? { entityChoice: 'existing', entityId } : {} });
  });

  app.post('/admin/w/:slug/subprocessors', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const values = formValues(req);
    const entities = await listEntities(deps.db, c.workspace.id);
    const existing = entityChoiceOf(values, entities) === 'existing';
    const entityId = existing ? one(values.entityId) : '';
    const { entityChoice: _c, entityId: _e, ...fields } = values;
    const entity = Object.fromEntries(Object.entries(fields).filter(([k]) => ENTITY_FIELDS.includes(k)));
    const engagement = Object.fromEntries(Object.entries(fields).filter(([k]) => !ENTITY_FIELDS.includes(k)));
    try {
      if (existing && !entityId) throw invalid([{ field: 'entityId', message: 'choose an entity, or choose "A new entity"' }, ...engagementIssues(engagement)]);
      await addSubprocessor(deps, c.scope, existing ? { entityId, engagement } : { entity, engagement });
    } catch (e) {
      if (isAppError(e) && e.code === 'validation_error') {
        const issues = ((e.data as { fields?: FieldIssue[] } | undefined)?.fields ?? []).map((i) => ({ ...i, field: unprefixed(i.field) }));
        return formPage(reply, c, { values, status: 400, errors: fieldErrors(issues, values) });
      }
      return formPage(reply, c, { values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/engagements?created=1`, 303);
  });
}
