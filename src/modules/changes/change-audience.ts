/** Links every change notice carries. */
export const respondUrl = (publicUrl: string, workspaceSlug: string, token: string): string =>
  `${publicUrl}/w/${encodeURIComponent(workspaceSlug)}/changes/respond/${encodeURIComponent(token)}`;

export const listUrl = (publicUrl: string, workspaceSlug: string): string => `${publicUrl}/w/${encodeURIComponent(workspaceSlug)}/subprocessors`;

/** A change's page in the customer portal (receipts of answers given there link back to it). */
export const portalChangeUrl = (publicUrl: string, workspaceSlug: string, changeId: string): string =>
  `${publicUrl}/portal/w/${encodeURIComponent(workspaceSlug)}/changes/${encodeURIComponent(changeId)}`;
