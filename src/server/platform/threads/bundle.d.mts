/** See bundle.mjs. */
export function bundleTypeScript(entry: string, name: string): Promise<URL>;
