/** Links every change notice carries. */
export const respondUrl = (publicUrl: string, workspaceSlug: string, token: string): string =>
  `${publicUrl}/w/${encodeURIComponent(workspaceSlug)}/changes/respond/${encodeURIComponent(token)}`;

export const listUrl = (publicUrl: string, workspaceSlug: string): string => `${publicUrl}/w/${encodeURIComponent(workspaceSlug)}/subprocessors`;
