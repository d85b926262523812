import { lazy, type ComponentType } from 'react';

/** A screen loaded with its feature's chunk on first use: `lazyPage(() => import('../features/x').then((m) => m.XPage))`. */
export function lazyPage<Props extends object>(load: () => Promise<ComponentType<Props>>) {
  return lazy(async () => ({ default: await load() }));
}
