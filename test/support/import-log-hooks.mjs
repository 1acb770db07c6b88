/**
 * Test support: module hooks (node:module register) that append every
 * resolved module URL to the file named by IMPORT_LOG, one per line, so a
 * test can see which packages a CLI run loaded.
 */
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (process.env.IMPORT_LOG) appendFileSync(process.env.IMPORT_LOG, `${result.url}\n`);
  return result;
}
