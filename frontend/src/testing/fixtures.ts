/** Canned API objects typed by the generated schema: a contract change breaks `tsc` here. */
import type { Me } from '../features/accounts/types';
import type { Summary, TimeSeries } from '../features/analytics/types';
import type { ContentItem, Project } from '../features/content/types';
import type { Generation } from '../features/generations/types';
import type { Provider } from '../features/providers/types';
import type { Evaluation, Label } from '../features/releases/types';
import type { PreviewResult, Template } from '../features/templates/types';

export const me: Me = {
  id: 7,
  email: 'ana@example.com',
  first_name: 'Ana',
  last_name: 'Silva',
  is_staff: false,
  language: '',
  time_zone: 'UTC',
  memberships: [
    { workspace: { id: 1, name: 'Acme Marketing', slug: 'acme' }, role: 'owner', created_at: '2026-01-01T00:00:00Z' },
    { workspace: { id: 2, name: 'Side Project', slug: 'side' }, role: 'viewer', created_at: '2026-01-02T00:00:00Z' },
  ],
};

export const providers: Provider[] = [
  {
    name: 'local',
    label: 'Local (offline)',
    is_offline: true,
    configured: true,
    health: 'closed',
    models: [{ model: 'local-draft', label: 'Draft', context_window: 8192, input_price_per_mtok: '0', output_price_per_mtok: '0' }],
  },
  {
    name: 'openai',
    label: 'OpenAI',
    is_offline: false,
    configured: true,
    health: 'closed',
    models: [{ model: 'gpt-4o-mini', label: 'GPT-4o mini', context_window: 128000, input_price_per_mtok: '0.15', output_price_per_mtok: '0.60' }],
  },
];

export const author = {
  id: 7,
  email: 'ana@example.com',
  first_name: 'Ana',
  last_name: 'Silva',
  is_staff: false,
  language: '' as const,
  time_zone: 'UTC',
};

export function makeTemplate(overrides: Partial<Template> = {}, version: Partial<Template['current_version']> = {}): Template {
  return {
    id: 1,
    workspace: 1,
    name: 'Blog post',
    slug: 'blog-post',
    description: 'A short blog post',
    category: 'marketing',
    tags: ['blog'],
    language: 'en',
    is_archived: false,
    release_gates: [],
    created_by: author,
    created_at: '2026-03-01T10:00:00Z',
    updated_at: '2026-03-02T10:00:00Z',
    ...overrides,
    current_version: {
      number: 2,
      body: 'Write about {{ topic }} in {{ words }} words.',
      system_prompt: 'You are a helpful writer.',
      variables: [
        { name: 'topic', type: 'string', required: true, default: null, choices: null, max_length: 80, description: 'What to write about' },
        { name: 'notes', type: 'text', required: false, default: null, choices: null, max_length: null, description: '' },
        { name: 'words', type: 'integer', required: true, default: 300, choices: null, max_length: null, description: '' },
        { name: 'formal', type: 'boolean', required: false, default: false, choices: null, max_length: null, description: '' },
        { name: 'tone', type: 'choice', required: true, default: 'friendly', choices: ['friendly', 'serious'], max_length: null, description: '' },
      ],
      defaults: { provider: 'local', model: 'local-draft', params: {} },
      changelog: 'Second version',
      created_by: author,
      created_at: '2026-03-02T10:00:00Z',
      ...version,
    },
  };
}

export function makeGeneration(overrides: Partial<Generation> = {}): Generation {
  return {
    id: 101,
    workspace: 1,
    template: 1,
    template_name: 'Blog post',
    template_version: 2,
    label: '',
    label_arm: null,
    user: 'ana@example.com',
    variables: { topic: 'cats' },
    rendered_prompt: 'Write about cats in 300 words.',
    system_prompt: 'You are a helpful writer.',
    provider: 'local',
    provider_label: 'Local (offline)',
    model: 'local-draft',
    params: {},
    mode: 'sync',
    status: 'succeeded',
    output: 'Cats are great.',
    error: '',
    finish_reason: 'stop',
    input_tokens: 12,
    output_tokens: 4,
    cost: '0.000000',
    latency_ms: 42,
    cache_hit: false,
    attempts: [{ provider: 'local', model: 'local-draft', error: null, latency_ms: 40 }],
    provider_chain: ['local'],
    requested_provider: 'local',
    fallback_reason: null,
    rating_average: null,
    rating_count: 0,
    my_rating: null,
    content_item: null,
    content_edit_ratio: null,
    created_at: '2026-03-05T09:00:00Z',
    started_at: '2026-03-05T09:00:00Z',
    finished_at: '2026-03-05T09:00:01Z',
    ...overrides,
  };
}

export function page<T>(results: T[], count = results.length) {
  return { count, next: null, previous: null, results };
}

export const preview: PreviewResult = {
  version: 2,
  system_prompt: 'You are a helpful writer.',
  prompt: 'Write about cats.',
  provider: 'local',
  model: 'local-draft',
  input_tokens: 10,
  output_tokens: 0,
  cost: '0.000000',
  cost_line: 'free: offline draft',
  currency: 'USD',
  token_method: 'approximation:chars/4',
};

export function makeSummary(overrides: Partial<Summary> = {}): Summary {
  return {
    workspace: 1,
    start: '2026-02-04T00:00:00Z',
    end: '2026-03-06T00:00:00Z',
    tz: 'UTC',
    generations: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    success_rate: null,
    error_rate: null,
    cache_hits: 0,
    cache_hit_ratio: null,
    input_tokens: 0,
    output_tokens: 0,
    cost: '0',
    latency_p50_ms: null,
    latency_p95_ms: null,
    fallbacks: 0,
    ratings: 0,
    average_rating: null,
    ...overrides,
  };
}

export function makeTimeSeries(overrides: Partial<TimeSeries> = {}): TimeSeries {
  return { start: '2026-02-04T00:00:00Z', end: '2026-03-06T00:00:00Z', tz: 'UTC', interval: 'day', metric: 'count', group_by: null, series: [], ...overrides };
}

/** A content item as lists show it (in review, with what that status allows). */
export function makeProject(overrides: Partial<Project> = {}): Project {
  return { id: 4, workspace: 1, name: 'Spring', slug: 'spring', description: '', due_date: null, archived: false, created_at: '2026-03-01T10:00:00Z', updated_at: '2026-03-01T10:00:00Z', ...overrides };
}

export function makeItem(overrides: Partial<ContentItem> = {}): ContentItem {
  return {
    id: 5,
    workspace: 1,
    project: null,
    title: 'Ten tips for spring',
    language: 'en',
    status: 'in_review',
    revision: 2,
    edit_ratio: 0.25,
    generation: 9,
    template_version: 3,
    template: 1,
    created_by: author,
    assignee: null,
    reviewer: null,
    created_at: '2026-03-01T10:00:00Z',
    updated_at: '2026-03-02T10:00:00Z',
    submitted_at: '2026-03-02T10:00:00Z',
    approved_at: null,
    published_at: null,
    allowed_actions: ['approve', 'request-changes', 'archive'],
    ...overrides,
  };
}

export function makeLabel(overrides: Partial<Label> = {}): Label {
  return {
    name: 'production',
    version: 1,
    versions: [{ version: 1, weight: 100 }],
    updated_by: author,
    created_at: '2026-03-03T10:00:00Z',
    updated_at: '2026-03-03T10:00:00Z',
    ...overrides,
  };
}

export function makeEvaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    id: 31,
    workspace: 1,
    template: 1,
    version: 2,
    label: '',
    dataset: 5,
    batch: 77,
    provider: 'local',
    model: 'local-draft',
    params: {},
    checks: [],
    check_scores: {},
    status: 'running',
    progress: { done: 0, total: 4 },
    total: 4,
    passed: 0,
    pass_rate: null,
    cost: 0,
    judge_cost: '0',
    latency_mean_ms: 0,
    latency_p50_ms: 0,
    error: '',
    created_at: '2026-03-05T09:00:00Z',
    finished_at: null,
    ...overrides,
  };
}
