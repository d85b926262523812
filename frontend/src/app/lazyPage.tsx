import { lazy, useState, type ComponentType } from 'react';

/** A feature's chunk, imported on demand; its module is kept once here, for `lazyPage`. */
export interface FeatureChunk<Module> {
  load: () => Promise<Module>;
  /** The module if the chunk has already arrived, else undefined. */
  loaded: () => Module | undefined;
}

export function featureChunk<Module>(importChunk: () => Promise<Module>): FeatureChunk<Module> {
  let module: Module | undefined;
  return {
    load: () => importChunk().then((arrived) => (module = arrived)),
    loaded: () => module,
  };
}

/**
 * A screen of a feature's chunk: `lazyPage(templates, (m) => m.TemplateEditorPage)`. Until the
 * chunk is here the screen suspends (React.lazy); once it is, the screen renders at once. React.lazy
 * alone suspends on its first render even when the chunk has arrived, and React then holds the
 * screen back for up to 300 ms after showing the loading state (its Suspense throttle): on a cold
 * load that delayed every screen, and the requests it makes, by 300 ms (benchmarks/dashboard.md).
 */
export function lazyPage<Module, Props extends object>(chunk: FeatureChunk<Module>, pick: (module: Module) => ComponentType<Props>) {
  const Lazy = lazy(async () => ({ default: pick(await chunk.load()) }));
  return function Page(props: Props) {
    // Chosen once per mount: switching between the two would remount the screen.
    const [Screen] = useState(() => {
      const module = chunk.loaded();
      return module ? pick(module) : Lazy;
    });
    return <Screen {...props} />;
  };
}
