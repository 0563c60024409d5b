/**
 * Lets a child process run the TypeScript sources directly on Node 24
 * (`node --import ./register-ts-hooks.ts child.ts`): Node strips the types,
 * and this hook maps the sources' `./x.js` specifiers to `./x.ts`.
 */
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      const relative = specifier.startsWith('./') || specifier.startsWith('../');
      if (!relative || !specifier.endsWith('.js')) throw error;
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
  },
});
