import { lazy, type ComponentType } from 'react';

/** A screen loaded with its feature's chunk on first use: `lazyPage(() => import('../features/x'), 'XPage')`. */
export function lazyPage<Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name) {
  return lazy(async () => ({ default: (await load())[name] }));
}
