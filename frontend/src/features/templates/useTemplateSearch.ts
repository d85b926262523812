import { useSearchQuery } from '../../lib/hooks';
import { useListTemplatesQuery } from './api';

/**
 * The workspace's templates by name, searched on the server 300 ms after the user stops typing:
 * one page of them, however many the workspace has (a `TemplatePicker`'s options).
 */
export function useTemplateSearch(workspaceId: number | null) {
  const { search, setQuery } = useSearchQuery();
  const templates = useListTemplatesQuery({ workspace: workspaceId ?? 0, search, ordering: 'name' }, { skip: !workspaceId });
  /** The workspace has none at all (not merely none matching the search). */
  const none = Boolean(templates.data && !templates.data.results.length && !search);
  return { setQuery, templates, none };
}

export type TemplateSearch = ReturnType<typeof useTemplateSearch>;
