import { render, screen } from '@testing-library/react';
import { Suspense, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';

import { featureChunk, lazyPage } from './lazyPage';

const chunkWithScreen = () => featureChunk(() => Promise.resolve({ Screen: ({ name }: { name: string }) => <h1>{name}</h1> }));

function renderInSuspense(Page: (props: { name: string }) => ReactNode) {
  render(
    <Suspense fallback={<p>Loading</p>}>
      <Page name="Templates" />
    </Suspense>,
  );
}

describe('lazyPage', () => {
  it('shows the loading state until the chunk is here, then the screen', async () => {
    const Page = lazyPage(chunkWithScreen(), (m) => m.Screen);
    renderInSuspense(Page);
    expect(screen.getByText('Loading')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Templates' })).toBeInTheDocument();
  });

  it('renders the screen at once when its chunk has already arrived', async () => {
    const chunk = chunkWithScreen();
    await chunk.load();
    renderInSuspense(lazyPage(chunk, (m) => m.Screen));
    // Not `findBy`: no loading state in between (React.lazy alone would show one, then wait 300 ms).
    expect(screen.getByRole('heading', { name: 'Templates' })).toBeInTheDocument();
    expect(screen.queryByText('Loading')).not.toBeInTheDocument();
  });
});
