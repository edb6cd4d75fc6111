/** The escaping template lives in shared/ so e-mail bodies built by modules use the same one. */
export * from '../../shared/html.ts';
