import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '../testing';
import { MarkdownOutput } from './MarkdownOutput';

const text = '# Title\n\nSome **bold** text.\n\n<img src=x onerror="alert(1)"><script>alert(2)</script>[link](javascript:alert(3))';

describe('markdown output', () => {
  it('renders Markdown without unsafe HTML', () => {
    renderWithProviders(<MarkdownOutput text={text} />);
    const output = screen.getByLabelText('Output');
    expect(screen.getByRole('heading', { name: 'Title' })).toBeInTheDocument();
    expect(output.querySelector('strong')).toHaveTextContent('bold');
    expect(output.querySelector('script, img, [onerror]')).toBeNull();
    expect(output.querySelector('a')?.getAttribute('href') ?? '').not.toContain('javascript');
  });

  it('shows the raw text on demand', async () => {
    const { user } = renderWithProviders(<MarkdownOutput text={text} />);
    await user.click(screen.getByRole('button', { name: 'Raw' }));
    expect(screen.getByLabelText('Output').tagName).toBe('PRE');
    expect(screen.getByLabelText('Output')).toHaveTextContent('# Title');
  });
});
