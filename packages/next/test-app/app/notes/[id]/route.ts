import { json, withPreconditions } from '@precond/next';
import { read, update, validators } from '../../../lib/notes';

type Context = { params: Promise<{ id: string }> };
const loadValidators = async (_request: Request, { params }: Context) => validators((await params).id);

export const GET = withPreconditions(
  async (_request, { params }: Context) => {
    const note = read((await params).id);
    return note
      ? json(note, { headers: { 'cache-control': 'no-cache' } })
      : json({ title: 'Not Found' }, { status: 404 });
  },
  { loadValidators },
);

export const PATCH = withPreconditions(
  async (request, { params }: Context, { validators }) => {
    const { text } = (await request.json()) as { text: string };
    const { note, etag } = update((await params).id, text, validators?.etag);
    return json(note, { headers: { etag } });
  },
  { loadValidators, requirePreconditions: true },
);
